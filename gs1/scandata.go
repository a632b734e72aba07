package gs1

import "strings"

// Symbology names the barcode carrier reported or requested for scanner data.
type Symbology string

// Carriers. Names follow the GS1 Barcode Syntax Engine; "]C1" data is reported as
// GS1128 because a GS1-128 symbol with a CC-A/B composite cannot be told apart.
const (
	GS1128          Symbology = "GS1_128_CCA"
	GS1128CCC       Symbology = "GS1_128_CCC"
	DataBarExpanded Symbology = "DataBarExpanded"
	DataBarOmni     Symbology = "DataBarOmni"
	DataBarLimited  Symbology = "DataBarLimited"
	DataMatrix      Symbology = "DM"
	QRCode          Symbology = "QR"
	DotCode         Symbology = "DotCode"
	EAN13           Symbology = "EAN13"
	EAN8            Symbology = "EAN8"
	UPCA            Symbology = "UPCA"
	UPCE            Symbology = "UPCE"
)

// aimSymbology maps an AIM symbology identifier (without "]") to its carrier and whether
// it announces GS1 AI data (as opposed to plain data, possibly a Digital Link URI).
func aimSymbology(id string) (sym Symbology, gs1, known bool) {
	switch id {
	case "C1":
		return GS1128, true, true
	case "e0":
		return DataBarExpanded, true, true
	case "d2":
		return DataMatrix, true, true
	case "Q3":
		return QRCode, true, true
	case "J1":
		return DotCode, true, true
	case "d1":
		return DataMatrix, false, true
	case "Q1":
		return QRCode, false, true
	case "J0":
		return DotCode, false, true
	}
	return "", false, false
}

// ParseScanData parses what a barcode scanner transmits: an AIM symbology identifier
// ("]C1" GS1-128, "]e0" GS1 DataBar, "]d2" GS1 DataMatrix, "]Q3" GS1 QR Code, "]J1" GS1
// DotCode, "]d1"/"]Q1"/"]J0" plain 2D data, "]E0" EAN-13/UPC-A, "]E4" EAN-8) followed by
// the data, with GS (0x1D) between elements. Plain 2D data that is an http(s) URI is parsed
// as a GS1 Digital Link URI. An EAN/UPC may be followed by "|]e0" and a 2D composite.
func ParseScanData(s string, opts Options) (*Result, error) {
	if len(s) < 3 || s[0] != ']' {
		return nil, errorf(CodeMissingSymbology, "", 0, "scanner data must start with a symbology identifier such as ]C1 or ]d2")
	}
	id, rest := s[1:3], s[3:]
	if sym, isGS1, known := aimSymbology(id); known && isGS1 {
		return parseScanGS1(rest, sym, opts)
	} else if known {
		return parseScanPlain(rest, sym, opts)
	}
	switch id {
	case "E0":
		return parseScanEAN(rest, 13, EAN13, opts)
	case "E4":
		return parseScanEAN(rest, 8, EAN8, opts)
	}
	return nil, errorf(CodeUnsupportedSymbology, "", 0, "symbology identifier ]%s is not supported", id)
}

// parseScanGS1 parses GS-separated AI data that followed a GS1 symbology identifier.
func parseScanGS1(data string, sym Symbology, opts Options) (*Result, error) {
	if i := strings.IndexByte(data, fnc1); i >= 0 {
		return nil, errorf(CodeScanDataCaret, "", i+3, "scanner data may not contain \"^\"")
	}
	r := &Result{Symbology: sym}
	elems, err := parseUnbracketed(data, 3, opts, r.inline[:0])
	if err != nil {
		return nil, err
	}
	r.Elements = elems
	return finish(r, opts)
}

// parseScanPlain handles plain 2D data; a Digital Link URI inside is parsed as such.
func parseScanPlain(data string, sym Symbology, opts Options) (*Result, error) {
	if !hasDLScheme(data) {
		return &Result{Primary: data, Symbology: sym}, nil
	}
	r, err := ParseDigitalLink(data, opts)
	if err != nil {
		return nil, err
	}
	r.Symbology = sym
	return r, nil
}

// parseScanEAN checks an EAN/UPC primary message of n digits and an optional composite.
func parseScanEAN(data string, n int, sym Symbology, opts Options) (*Result, error) {
	primary, comp, hasComp := strings.Cut(data, "|")
	if err := checkPrimary(primary, n); err != nil {
		return nil, err
	}
	r := &Result{Primary: primary, Symbology: sym}
	if !hasComp {
		return r, nil
	}
	if !strings.HasPrefix(comp, "]e0") {
		return nil, errorf(CodeMissingSymbology, "", len(primary)+4, "a composite component must start with ]e0")
	}
	elems, err := parseUnbracketed(comp[3:], len(primary)+7, opts, nil)
	if err != nil {
		return nil, err
	}
	r.Elements, r.Composite = elems, len(elems)
	return finish(r, opts)
}

func checkPrimary(p string, n int) *Error {
	switch {
	case len(p) < n:
		return errorf(CodePrimaryTooShort, "", 3, "the primary message must have %d digits", n)
	case len(p) > n:
		return errorf(CodePrimaryTooLong, "", 3, "the primary message must have %d digits", n)
	case !allDigits(p):
		return errorf(CodePrimaryNotDigits, "", 3+indexNonDigit(p), "the primary message may only contain digits")
	case !ValidCheckDigit(p):
		return errorf(CodePrimaryCheckDigit, "", 3+n-1, "the primary message has an incorrect check digit")
	}
	return nil
}

// ScanData returns what a scanner would transmit for this data printed in symbology sym,
// with GS (0x1D) separators. It fails when the carrier cannot hold the data (e.g. plain
// data in GS1-128, or more than a GTIN in an EAN-13).
func (r *Result) ScanData(sym Symbology) (string, error) {
	switch sym {
	case QRCode, DataMatrix, DotCode:
		return r.scan2D(sym)
	case GS1128, GS1128CCC, DataBarExpanded:
		return r.scanLinearGS1(sym)
	case DataBarOmni, DataBarLimited:
		return r.scanDataBar(sym)
	case EAN13, EAN8, UPCA, UPCE:
		return r.scanEANUPC(sym)
	}
	return "", errorf(CodeCannotEncode, "", -1, "unknown symbology %q", sym)
}

// aim2D returns the AIM identifiers of a 2D carrier for GS1 data and for plain data.
func aim2D(sym Symbology) [2]string {
	switch sym {
	case QRCode:
		return [2]string{"]Q3", "]Q1"}
	case DataMatrix:
		return [2]string{"]d2", "]d1"}
	}
	return [2]string{"]J1", "]J0"}
}

func (r *Result) scan2D(sym Symbology) (string, error) {
	ids := aim2D(sym)
	lin := r.linear()
	if len(lin) == 0 {
		plain := r.Primary
		if r.Composite > 0 {
			plain += "|^" + scanElements(r.composite(), '^')
		}
		return ids[1] + plain, nil
	}
	if r.Composite > 0 {
		return "", errorf(CodeCannotEncode, "", -1, "%s has no composite component", sym)
	}
	return ids[0] + scanElements(lin, gs), nil
}

func (r *Result) scanLinearGS1(sym Symbology) (string, error) {
	lin := r.linear()
	if len(lin) == 0 {
		return "", errorf(CodeCannotEncode, "", -1, "%s carries only AI data", sym)
	}
	if r.Composite == 0 {
		if sym == DataBarExpanded {
			return "]e0" + scanElements(lin, gs), nil
		}
		return "]C1" + scanElements(lin, gs), nil
	}
	return "]e0" + joinComposite(lin, r.composite()), nil
}

// joinComposite concatenates linear and composite data as a composite symbol transmits it.
func joinComposite(lin, comp []Element) string {
	s := scanElements(lin, gs)
	if lin[len(lin)-1].definition().FNC1 {
		s += string(rune(gs))
	}
	return s + scanElements(comp, gs)
}

// scanElements renders elements without the leading FNC1, with sep between them.
func scanElements(elems []Element, sep byte) string {
	var b strings.Builder
	writeElementString(&b, elems, sep)
	return b.String()
}

func (r *Result) scanDataBar(sym Symbology) (string, error) {
	gtin, err := r.primaryGTIN()
	if err != nil {
		return "", err
	}
	if sym == DataBarLimited && gtin[0] > '1' {
		return "", errorf(CodeCannotEncode, "01", -1, "GS1 DataBar Limited needs a GTIN-14 starting with 0 or 1")
	}
	s := "]e001" + gtin
	if r.Composite > 0 {
		s += scanElements(r.composite(), gs)
	}
	return s, nil
}

// primaryGTIN returns the GTIN-14 of the linear component: a lone AI (01), or plain
// primary digits with a valid check digit.
func (r *Result) primaryGTIN() (string, error) {
	lin := r.linear()
	switch {
	case len(lin) == 1 && lin[0].AI == "01":
		return lin[0].Value, nil
	case len(lin) == 0 && len(r.Primary) == 14 && ValidCheckDigit(r.Primary):
		return r.Primary, nil
	}
	return "", errorf(CodeCannotEncode, "01", -1, "the carrier holds exactly one GTIN-14")
}

// eanSpec describes an EAN/UPC carrier: its AIM identifier, the number of leading zeros a
// GTIN-14 must have to fit, and the length of a plain primary message.
type eanSpec struct {
	id    string
	zeros int
	plain int
}

func eanDigits(sym Symbology) eanSpec {
	switch sym {
	case EAN13:
		return eanSpec{"]E0", 1, 13}
	case EAN8:
		return eanSpec{"]E4", 6, 8}
	}
	return eanSpec{"]E0", 2, 12} // UPC-A, and UPC-E given in its 12-digit UPC-A form
}

func (r *Result) scanEANUPC(sym Symbology) (string, error) {
	spec := eanDigits(sym)
	var digits string
	lin := r.linear()
	switch {
	case len(lin) == 1 && lin[0].AI == "01" && strings.Count(lin[0].Value[:spec.zeros], "0") == spec.zeros:
		digits = lin[0].Value[spec.zeros:]
	case len(lin) == 0 && len(r.Primary) == spec.plain && ValidCheckDigit(r.Primary):
		digits = r.Primary
	default:
		return "", errorf(CodeCannotEncode, "", -1, "%s needs a valid %d-digit primary message", sym, spec.plain)
	}
	if sym != EAN8 {
		digits = "00"[:13-len(digits)] + digits
	}
	s := spec.id + digits
	if r.Composite > 0 {
		s += "|]e0" + scanElements(r.composite(), gs)
	}
	return s, nil
}
