// Command gen generates gs1/ai_table.go from the GS1 Barcode Syntax Dictionary.
//
// Usage (from the gs1 directory, as wired by go:generate in gs1/doc.go):
//
//	go run ./internal/gen -dict ../../shared/testdata/gs1/gs1-syntax-dictionary.txt -o ai_table.go
//
// The dictionary is published by GS1 AISBL under the Apache License 2.0 at
// https://github.com/gs1/gs1-syntax-dictionary. Each dictionary line describes one AI or a
// range of AIs: flags ("*" = predefined length, no FNC1 needed; "?" = Digital Link data
// attribute), the format components with their linters, and the req=, ex= and dlpkey
// attributes. The generator expands ranges so that the table has one entry per AI, sorted.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	dict := flag.String("dict", "../../shared/testdata/gs1/gs1-syntax-dictionary.txt", "path to gs1-syntax-dictionary.txt")
	out := flag.String("o", "ai_table.go", "output Go file")
	flag.Parse()
	src, err := os.ReadFile(*dict)
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	entries, release, err := parseDictionary(bytes.NewReader(src))
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	code, err := render(entries, release, src)
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		log.Fatalf("gen: %v", err)
	}
}

// component is one format component, e.g. "N13,csum,gcppos1" or "[X..17]".
type component struct {
	charset  byte
	min, max int
	optional bool
	linters  []string
}

// entry is one AI after range expansion.
type entry struct {
	ai         string
	title      string
	fnc1       bool
	dlAttr     bool
	comps      []component
	req        [][][]string
	ex         []string
	dlPKey     bool
	qualifiers [][]string
}

const flagChars = `*!?"$%&'()+,-./:;<=>@[\]^_` + "`{|}~"

// parseDictionary reads all entries and the "Release:" line from the dictionary header.
func parseDictionary(r io.Reader) ([]entry, string, error) {
	var entries []entry
	release := "unknown"
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if rel, ok := strings.CutPrefix(strings.TrimSpace(line), "# Release:"); ok {
			release = strings.TrimSpace(rel)
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line, _ = line[:i], line[i+1:]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		title := ""
		if i := strings.IndexByte(sc.Text(), '#'); i >= 0 {
			title = strings.TrimSpace(sc.Text()[i+1:])
		}
		es, err := parseLine(line, title)
		if err != nil {
			return nil, "", fmt.Errorf("line %d: %w", n, err)
		}
		entries = append(entries, es...)
	}
	if err := sc.Err(); err != nil {
		return nil, "", err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ai < entries[j].ai })
	for i := 1; i < len(entries); i++ {
		if entries[i].ai == entries[i-1].ai {
			return nil, "", fmt.Errorf("duplicate AI %s", entries[i].ai)
		}
	}
	return entries, release, nil
}

// parseLine parses one specification line (comment already removed) into expanded entries.
func parseLine(line, title string) ([]entry, error) {
	toks := strings.Fields(line)
	ais, err := expandRange(toks[0])
	if err != nil {
		return nil, err
	}
	var proto entry
	proto.title = title
	proto.fnc1 = true
	rest := toks[1:]
	if len(rest) > 0 && strings.Trim(rest[0], flagChars) == "" {
		proto.fnc1 = !strings.Contains(rest[0], "*")
		proto.dlAttr = strings.Contains(rest[0], "?")
		rest = rest[1:]
	}
	for _, t := range rest {
		if err := proto.addToken(t); err != nil {
			return nil, err
		}
	}
	if len(proto.comps) == 0 {
		return nil, fmt.Errorf("AI %s has no format components", toks[0])
	}
	out := make([]entry, 0, len(ais))
	for _, ai := range ais {
		e := proto
		e.ai = ai
		out = append(out, e)
	}
	return out, nil
}

// addToken classifies one token as a format component or an attribute.
func (e *entry) addToken(t string) error {
	switch {
	case t[0] == '[' || strings.IndexByte("NXYZ", t[0]) >= 0:
		c, err := parseComponent(t)
		if err != nil {
			return err
		}
		e.comps = append(e.comps, c)
	case strings.HasPrefix(t, "req="):
		var alts [][]string
		for _, alt := range strings.Split(t[4:], ",") {
			alts = append(alts, strings.Split(alt, "+"))
		}
		e.req = append(e.req, alts)
	case strings.HasPrefix(t, "ex="):
		e.ex = append(e.ex, strings.Split(t[3:], ",")...)
	case t == "dlpkey":
		e.dlPKey = true
	case strings.HasPrefix(t, "dlpkey="):
		e.dlPKey = true
		for _, alt := range strings.Split(t[7:], "|") {
			e.qualifiers = append(e.qualifiers, strings.Split(alt, ","))
		}
	default:
		fmt.Fprintf(os.Stderr, "gen: ignoring unknown attribute %q\n", t)
	}
	return nil
}

// parseComponent parses "N6,yymmdd", "N..20", "[N6],yymmdd" or "[X..17]".
func parseComponent(t string) (component, error) {
	var c component
	spec, linters, _ := strings.Cut(t, ",")
	if strings.HasPrefix(spec, "[") {
		c.optional = true
		i := strings.IndexByte(t, ']')
		if i < 0 {
			return c, fmt.Errorf("unterminated optional component %q", t)
		}
		spec, linters = t[1:i], strings.TrimPrefix(t[i+1:], ",")
	}
	c.charset = spec[0]
	if strings.IndexByte("NXYZ", c.charset) < 0 {
		return c, fmt.Errorf("unknown character set in %q", t)
	}
	n := spec[1:]
	variable := strings.HasPrefix(n, "..")
	v, err := strconv.Atoi(strings.TrimPrefix(n, ".."))
	if err != nil {
		return c, fmt.Errorf("bad length in %q", t)
	}
	c.min, c.max = v, v
	if variable {
		c.min = 1
	}
	if linters != "" {
		c.linters = strings.Split(linters, ",")
	}
	return c, nil
}

// expandRange turns "3100-3105" into its member AIs.
func expandRange(s string) ([]string, error) {
	lo, hi, isRange := strings.Cut(s, "-")
	if !isRange {
		return []string{s}, nil
	}
	a, err1 := strconv.Atoi(lo)
	b, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil || len(lo) != len(hi) || a > b {
		return nil, fmt.Errorf("bad AI range %q", s)
	}
	var out []string
	for i := a; i <= b; i++ {
		out = append(out, fmt.Sprintf("%0*d", len(lo), i))
	}
	return out, nil
}

// render writes the Go source for the table.
func render(entries []entry, release string, src []byte) ([]byte, error) {
	var b bytes.Buffer
	sum := sha256.Sum256(src)
	fmt.Fprintf(&b, header, release, hex.EncodeToString(sum[:]))
	b.WriteString("var aiTable = [...]AIDef{\n")
	for _, e := range entries {
		writeEntry(&b, e)
	}
	b.WriteString("}\n\n")
	writePrefixLengths(&b, entries)
	return format.Source(b.Bytes())
}

func writeEntry(b *bytes.Buffer, e entry) {
	fmt.Fprintf(b, "\t{AI: %q, Title: %q, FNC1: %t, DLAttr: %t, DLPrimaryKey: %t,\n", e.ai, e.title, e.fnc1, e.dlAttr, e.dlPKey)
	b.WriteString("\t\tComponents: []Component{")
	minLen, maxLen := 0, 0
	for _, c := range e.comps {
		fmt.Fprintf(b, "{Charset: '%c', Min: %d, Max: %d", c.charset, c.min, c.max)
		if c.optional {
			b.WriteString(", Optional: true")
		}
		if len(c.linters) > 0 {
			b.WriteString(", Linters: []Linter{")
			for _, l := range c.linters {
				fmt.Fprintf(b, "lint%s, ", strings.ToUpper(l[:1])+l[1:])
			}
			b.WriteString("}")
		}
		b.WriteString("}, ")
		maxLen += c.max
		if !c.optional {
			minLen += c.min
		}
	}
	fmt.Fprintf(b, "},\n\t\tMinLen: %d, MaxLen: %d,\n", minLen, maxLen)
	if len(e.req) > 0 {
		b.WriteString("\t\tRequires: [][][]string{")
		for _, alts := range e.req {
			b.WriteString("{")
			for _, alt := range alts {
				b.WriteString(stringList(alt) + ", ")
			}
			b.WriteString("}, ")
		}
		b.WriteString("},\n")
	}
	if len(e.ex) > 0 {
		fmt.Fprintf(b, "\t\tExcludes: []string%s,\n", stringList(e.ex))
	}
	if len(e.qualifiers) > 0 {
		b.WriteString("\t\tDLQualifiers: [][]string{")
		for _, q := range e.qualifiers {
			b.WriteString(stringList(q) + ", ")
		}
		b.WriteString("},\n")
	}
	b.WriteString("\t},\n")
}

// stringList renders a brace-enclosed list of quoted strings.
func stringList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "{" + strings.Join(q, ", ") + "}"
}

// writePrefixLengths emits the AI length implied by each two-digit prefix, which is how
// unbracketed element strings are split (GS1 General Specifications: the first two digits
// of an AI determine its length).
func writePrefixLengths(b *bytes.Buffer, entries []entry) {
	var lens [100]int
	for _, e := range entries {
		p, _ := strconv.Atoi(e.ai[:2])
		if lens[p] != 0 && lens[p] != len(e.ai) {
			fmt.Fprintf(os.Stderr, "gen: prefix %s has AIs of different lengths\n", e.ai[:2])
		}
		lens[p] = len(e.ai)
	}
	b.WriteString("// aiPrefixLen gives the AI length for each two-digit prefix; 0 means no AI starts so.\n")
	b.WriteString("var aiPrefixLen = [100]uint8{")
	for i, l := range lens {
		if i%20 == 0 {
			b.WriteString("\n\t")
		}
		fmt.Fprintf(b, "%d, ", l)
	}
	b.WriteString("\n}\n")
}

const header = `// Code generated by gs1/internal/gen from gs1-syntax-dictionary.txt; DO NOT EDIT.
//
// Source: GS1 Barcode Syntax Dictionary, release %s
// (https://github.com/gs1/gs1-syntax-dictionary), SHA-256 %s.
//
// Copyright (c) 2020-2021 BWIPP project. https://bwipp.terryburton.co.uk/
// Copyright (c) 2020-2021 Zint Project. https://zint.org.uk/
// Copyright (c) 2021-2025 GS1 AISBL
//
// The dictionary is licensed under the Apache License, Version 2.0 (the "License"); you may
// not use it except in compliance with the License. You may obtain a copy of the License at
// http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable law or agreed to
// in writing, software distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
//
// Regenerate with: go generate ./gs1 (see the package documentation).

package gs1

`
