package gs1

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The conformance data lives outside the repository, in ../shared/testdata/gs1 relative to
// the repository root (see its README.md for the columns). It is found by walking up from
// the test's directory; GS1_TESTDATA overrides the location.
func conformanceDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("GS1_TESTDATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "testdata", "gs1")
		if _, err := os.Stat(filepath.Join(cand, "gs1-element-string-cases.tsv")); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("GS1 conformance data not found (expected ../shared/testdata/gs1 beside the repository); set GS1_TESTDATA")
		}
		dir = parent
	}
}

type row map[string]string

// readTSV reads a TAB-separated file with a header line; cells are exact (not trimmed).
func readTSV(t *testing.T, path string) []row {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var header []string
	var rows []row
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "\t")
		if header == nil {
			header = cells
			continue
		}
		r := row{}
		for i, h := range header {
			if i < len(cells) {
				r[h] = cells[i]
			}
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// rowOptions decodes the options column.
type rowOptions struct {
	opts          Options
	symbology     Symbology
	addCheckDigit bool
	stem          string
	unsupported   string // an engine-internal or digital-link.js option this package does not offer
}

func parseRowOptions(s string) rowOptions {
	var ro rowOptions
	for _, o := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "requisites_off":
			ro.opts.SkipRequisites = true
		case "permit_unknown_ais":
			ro.opts.PermitUnknownAIs = true
		case "unknown_ai_dl_attr_ok":
			ro.opts.UnknownAIsAsDLAttributes = true
		case "zero_suppressed_gtin_in_dl":
			ro.opts.ZeroSuppressedGTIN = true
		case "symbology":
			ro.symbology = Symbology(v)
		case "add_check_digit":
			ro.addCheckDigit = true
		case "stem":
			ro.stem = v
		case "convenience_alphas", "dljs_sortKeyQualifiers":
			ro.unsupported = k
		}
	}
	return ro
}

// tally counts outcomes per file.
type tally struct {
	rows, pass, policy, notAsserted int
	codeMismatch                    int
}

func (c *tally) String() string {
	return fmt.Sprintf("%d/%d rows pass (%d by the documented Digital Link policy, %d not asserted by the data; engine error class differs on %d failing rows)",
		c.pass, c.rows, c.policy, c.notAsserted, c.codeMismatch)
}

func TestConformance(t *testing.T) {
	dir := conformanceDir(t)
	es := checkElementStringCases(t, readTSV(t, filepath.Join(dir, "gs1-element-string-cases.tsv")))
	dl := checkDigitalLinkCases(t, readTSV(t, filepath.Join(dir, "digital-link-cases.tsv")))
	pe := checkPercentCases(t, readTSV(t, filepath.Join(dir, "digital-link-percent-encoding.tsv")))
	t.Logf("gs1-element-string-cases.tsv: %v", es)
	t.Logf("digital-link-cases.tsv: %v", dl)
	t.Logf("digital-link-percent-encoding.tsv: %v", pe)
	fmt.Printf("gs1 conformance: element strings %d/%d, digital link %d/%d, percent-encoding %d/%d\n",
		es.pass, es.rows, dl.pass, dl.rows, pe.pass, pe.rows)
}

// gsText turns the data's "{GS}" notation into the real separator.
func gsText(s string) string { return strings.ReplaceAll(s, "{GS}", "\x1d") }

// parseESRow parses an element-string row's input according to its input_format.
func parseESRow(r row, ro rowOptions) (*Result, error) {
	in := r["input"]
	switch r["input_format"] {
	case "bracketed":
		return ParseBracketed(in, ro.opts)
	case "element_string":
		return ParseElementString(in, ro.opts)
	case "scan_data":
		return ParseScanData(gsText(in), ro.opts)
	}
	return parsePlainDataString(in, ro.opts)
}

// parsePlainDataString reads the reference engine's notation for non-AI data: the primary
// message with a leading "^" escaped as "\^", optionally followed by "|" and AI data of a
// composite component.
func parsePlainDataString(s string, opts Options) (*Result, error) {
	lin, comp, hasComp := strings.Cut(s, "|")
	r := &Result{Primary: unescapePlain(lin)}
	if hasComp {
		c, err := ParseElementString(comp, opts)
		if err != nil {
			return nil, err
		}
		r.Elements, r.Composite = c.Elements, len(c.Elements)
	}
	return r, nil
}

// unescapePlain and escapePlain implement the engine's escaping of plain data: data that
// begins with backslashes followed by "^" gets one more backslash.
func unescapePlain(s string) string {
	if t := strings.TrimLeft(s, `\`); len(t) < len(s) && strings.HasPrefix(t, "^") {
		return s[1:]
	}
	return s
}

func escapePlain(s string) string {
	if strings.HasPrefix(strings.TrimLeft(s, `\`), "^") {
		return `\` + s
	}
	return s
}

func checkElementStringCases(t *testing.T, rows []row) *tally {
	c := &tally{}
	for _, r := range rows {
		c.rows++
		if r["expect_valid"] == "" {
			c.notAsserted++
			c.pass++
			continue
		}
		ro := parseRowOptions(r["options"])
		res, err := parseESRow(r, ro)
		if problems := checkVerdict(r, err, c); problems != "" {
			t.Errorf("%s %q: %s", r["id"], r["input"], problems)
			continue
		}
		if err == nil {
			if problems := compareESOutputs(r, ro, res); len(problems) > 0 {
				t.Errorf("%s %q: %s", r["id"], r["input"], strings.Join(problems, "; "))
				continue
			}
		}
		c.pass++
	}
	return c
}

// checkVerdict compares validity; it notes when the error class differs from the engine's.
func checkVerdict(r row, err error, c *tally) string {
	want := r["expect_valid"] == "1"
	if got := err == nil; got != want {
		return fmt.Sprintf("valid = %v, want %v (err: %v; engine: %s)", got, want, err, r["expect_error"])
	}
	if e, ok := err.(*Error); ok && r["expect_error"] != "" {
		code := string(e.Code)
		if e.Linter != "" {
			code += ":" + e.Linter
		}
		if code != r["expect_error"] {
			c.codeMismatch++
		}
	}
	return ""
}

func compareESOutputs(r row, ro rowOptions, res *Result) []string {
	var p []string
	check := func(name, got, want string) {
		if want != "" && got != want {
			p = append(p, fmt.Sprintf("%s = %q, want %q", name, got, want))
		}
	}
	check("element string", esForRow(r, ro, res), r["expect_element_string"])
	// The engine writes "|(...)" for a composite after plain data only sometimes.
	check("bracketed", res.Bracketed(), strings.TrimPrefix(r["expect_bracketed"], "|"))
	check("HRI", strings.Join(res.HRI(), " | "), r["expect_hri"])
	if r["input_format"] == "scan_data" {
		check("symbology", string(res.Symbology), r["expect_symbology"])
	}
	if want := r["expect_dl_uri"]; want != "" {
		dl, err := res.DigitalLink("", ro.opts)
		if strings.HasPrefix(want, "!") {
			if err == nil {
				p = append(p, fmt.Sprintf("DL URI = %q, want failure %s", dl, want))
			}
		} else if err != nil {
			p = append(p, fmt.Sprintf("DL URI failed: %v", err))
		} else {
			check("DL URI", dl, want)
		}
	}
	if ro.symbology != "" {
		p = append(p, compareScanData(r, ro, res)...)
	}
	return p
}

// esForRow renders the data string the way the engine reports it, for comparison. For
// element-string input the engine echoes the input, superfluous separators included; this
// package normalises them away, so an expected string that differs only in such separators
// is accepted when it parses to the same normalised form.
func esForRow(r row, ro rowOptions, res *Result) string {
	want := r["expect_element_string"]
	switch {
	case res.URI != "" && r["input_format"] == "scan_data":
		return res.URI
	case len(res.linear()) == 0 && res.Primary != "" || r["input_format"] == "plain":
		s := escapePlain(res.Primary)
		if res.Composite > 0 {
			s += "|^" + scanElements(res.composite(), '^')
		}
		return s
	}
	got := res.ElementString()
	if got != want && want != "" {
		if again, err := ParseElementString(want, Options{SkipRequisites: true, PermitUnknownAIs: true}); err == nil && again.ElementString() == got {
			return want
		}
	}
	return got
}

func compareScanData(r row, ro rowOptions, res *Result) []string {
	want := gsText(r["expect_scan_data"])
	if ro.addCheckDigit && len(res.Primary) == 12 && allDigits(res.Primary) {
		cd, _ := CheckDigit(res.Primary)
		res.Primary += string(cd)
	}
	got, err := res.ScanData(ro.symbology)
	switch {
	case want == "!FAIL":
		if err == nil {
			return []string{fmt.Sprintf("scan data = %q, want failure", got)}
		}
		return nil
	case err != nil:
		return []string{fmt.Sprintf("scan data failed: %v", err)}
	}
	// The engine echoes a trailing FNC1 of its input; the normalised form has none.
	if strings.HasSuffix(r["input"], "^") {
		want = strings.TrimSuffix(want, "\x1d")
	}
	if got != want {
		return []string{fmt.Sprintf("scan data = %q, want %q", got, want)}
	}
	return nil
}

func checkDigitalLinkCases(t *testing.T, rows []row) *tally {
	c := &tally{}
	for _, r := range rows {
		c.rows++
		problems, outcome := checkDLRow(r, c)
		switch {
		case problems != "":
			t.Errorf("%s %q: %s", r["id"], r["input"], problems)
		case outcome == "policy":
			c.policy++
			c.pass++
		case outcome == "not asserted":
			c.notAsserted++
			c.pass++
		default:
			c.pass++
		}
	}
	return c
}

// checkDLRow checks one Digital Link row; outcome says how a passing row passed.
func checkDLRow(r row, c *tally) (problems, outcome string) {
	ro := parseRowOptions(r["options"])
	switch {
	case r["direction"] == "compress":
		return "", "policy" // compression is not offered (policy)
	case r["direction"] == "decompress":
		if _, err := ParseDigitalLink(r["input"], Options{}); err == nil {
			return "compressed URI was accepted; policy: not decompressed", ""
		}
		return "", "policy"
	case r["reference"] == "digital-link.js" || ro.unsupported != "":
		return checkPolicyRow(r)
	case r["direction"] == "generate":
		return checkGenerateRow(r, ro, c), ""
	}
	return checkParseRow(r, ro, c), ""
}

// checkPolicyRow asserts the engine's default verdict for rows whose expectation comes from
// digital-link.js or needs an option this package does not offer.
func checkPolicyRow(r row) (string, string) {
	if r["expect_valid"] == "" {
		return "", "not asserted"
	}
	_, err := ParseDigitalLink(r["input"], Options{})
	want := r["valid_with_defaults"] == "1"
	if (err == nil) != want {
		return fmt.Sprintf("valid = %v, want %v under the engine policy (err: %v)", err == nil, want, err), ""
	}
	if r["expect_valid"] == r["valid_with_defaults"] {
		return "", ""
	}
	return "", "policy"
}

func checkParseRow(r row, ro rowOptions, c *tally) string {
	res, err := ParseDigitalLink(r["input"], ro.opts)
	if p := checkVerdict(r, err, c); p != "" || err != nil {
		return p
	}
	var p []string
	check := func(name, got, want string) {
		if want != "" && got != want {
			p = append(p, fmt.Sprintf("%s = %q, want %q", name, got, want))
		}
	}
	check("bracketed", res.Bracketed(), r["expect_bracketed"])
	check("element string", res.ElementString(), r["expect_element_string"])
	check("HRI", strings.Join(res.HRI(), " | "), r["expect_hri"])
	check("ignored query params", strings.Join(res.IgnoredQueryParams, "&"), r["expect_ignored_query_params"])
	if want := r["expect_uri"]; want != "" {
		uri, err := res.DigitalLink("", ro.opts)
		if err != nil {
			p = append(p, fmt.Sprintf("canonical URI failed: %v", err))
		}
		check("canonical URI", uri, want)
	}
	return strings.Join(p, "; ")
}

func checkGenerateRow(r row, ro rowOptions, c *tally) string {
	res, err := ParseBracketed(r["input"], ro.opts)
	if err != nil {
		return fmt.Sprintf("input does not parse: %v", err)
	}
	if got, want := res.ElementString(), r["expect_element_string"]; want != "" && got != want {
		return fmt.Sprintf("element string = %q, want %q", got, want)
	}
	uri, err := res.DigitalLink(ro.stem, ro.opts)
	if p := checkVerdict(r, err, c); p != "" {
		return p
	}
	if want := r["expect_uri"]; err == nil && want != "" && uri != want {
		return fmt.Sprintf("URI = %q, want %q", uri, want)
	}
	return ""
}

func checkPercentCases(t *testing.T, rows []row) *tally {
	c := &tally{}
	for _, r := range rows {
		c.rows++
		var path, query string
		if r["function"] == "escape" {
			path, query = escape(r["input"], false), escape(r["input"], true)
		} else {
			path, query = unescape(r["input"], false), unescape(r["input"], true)
		}
		if path != r["expect_path_component"] || query != r["expect_query_component"] {
			t.Errorf("%s %s(%q) = %q, %q; want %q, %q", r["id"], r["function"], r["input"], path, query,
				r["expect_path_component"], r["expect_query_component"])
			continue
		}
		c.pass++
	}
	return c
}
