package gs1

import "strings"

// fnc1 is how FNC1 is written in element strings; gs is the ASCII group separator that
// scanners transmit for FNC1 between elements.
const (
	fnc1 = '^'
	gs   = 0x1D
)

// ParseElementString parses unbracketed AI data such as "^010952012345678810ABC^17261231".
// The data must start with FNC1, written "^" (or transmitted as GS, 0x1D); "^" or GS
// separates a variable-length value from the next AI. A 2D composite component may follow
// after "|". Superfluous separators are tolerated.
func ParseElementString(s string, opts Options) (*Result, error) {
	if s == "" || (s[0] != fnc1 && s[0] != gs) {
		return nil, errorf(CodeNotAIData, "", 0, "AI data must start with FNC1 (^)")
	}
	lin, comp, hasComp := strings.Cut(s, "|")
	r := &Result{}
	elems, err := parseUnbracketed(lin[1:], 1, opts, r.inline[:0])
	if err != nil {
		return nil, err
	}
	r.Elements = elems
	if hasComp {
		if comp == "" || (comp[0] != fnc1 && comp[0] != gs) {
			return nil, errorf(CodeNotAIData, "", len(lin)+1, "composite AI data must start with FNC1 (^)")
		}
		n := len(elems)
		if r.Elements, err = parseUnbracketed(comp[1:], len(lin)+2, opts, elems); err != nil {
			return nil, err
		}
		r.Composite = len(r.Elements) - n
	}
	return finish(r, opts)
}

// finish validates the associations of a parsed result.
func finish(r *Result, opts Options) (*Result, error) {
	if err := validateAssociations(r.Elements, opts); err != nil {
		return nil, err
	}
	return r, nil
}

// parseUnbracketed splits AI data (after the leading FNC1) into elements appended to dst.
// offset is the position of s within the caller's input, for error reports.
func parseUnbracketed(s string, offset int, opts Options, dst []Element) ([]Element, error) {
	if s == "" {
		return nil, errorf(CodeEmpty, "", offset, "the AI data is empty")
	}
	if dst == nil {
		dst = make([]Element, 0, 4)
	}
	n := len(dst)
	for p := 0; p < len(s); {
		if s[p] == fnc1 || s[p] == gs {
			p++ // a superfluous separator, tolerated
			continue
		}
		e, next, err := nextElement(s, p, opts)
		if err != nil {
			return nil, err.at(offset)
		}
		dst = append(dst, e)
		p = next
	}
	if len(dst) == n {
		return nil, errorf(CodeEmpty, "", offset, "the AI data holds only separators")
	}
	return dst, nil
}

// nextElement reads the AI starting at s[p] and its value; it returns the element and the
// position after the value. Error positions are relative to s.
func nextElement(s string, p int, opts Options) (Element, int, *Error) {
	n := prefixLen(s[p:])
	if n == 0 || p+n > len(s) {
		return Element{}, 0, errorf(CodeNoAIForPrefix, "", p, "no AI starts with %q", clip(s[p:], 4))
	}
	ai := s[p : p+n]
	def, err := resolveAI(ai, opts, p)
	if err != nil {
		return Element{}, 0, err
	}
	start := p + n
	end := start
	for end < len(s) && s[end] != fnc1 && s[end] != gs && (def.FNC1 || end-start < def.MaxLen) {
		end++
	}
	v := s[start:end]
	if v == "" {
		return Element{}, 0, errorf(CodeValueEmpty, ai, start, "the value of AI (%s) is empty", ai)
	}
	// An over-long value is checked as far as it may go first: the content error there is
	// more telling than "too long" when a separator is missing before a non-digit.
	if err := checkValue(def, ai, v[:min(len(v), def.MaxLen)]); err != nil {
		return Element{}, 0, err.at(start)
	}
	if len(v) > def.MaxLen {
		return Element{}, 0, errorf(CodeDataTooLong, ai, start+def.MaxLen, "the value of AI (%s) is longer than %d characters; is a separator missing?", ai, def.MaxLen)
	}
	return Element{AI: ai, Value: v, def: def}, end, nil
}

// resolveAI finds the definition of ai, or the unknown-AI definition when permitted.
func resolveAI(ai string, opts Options, pos int) (*AIDef, *Error) {
	if d := lookupAI(ai); d != nil {
		return d, nil
	}
	if opts.PermitUnknownAIs && len(ai) >= 2 && len(ai) <= 4 && allDigits(ai) {
		return &unknownAI, nil
	}
	return nil, errorf(CodeUnrecognisedAI, ai, pos, "AI (%s) is not a known GS1 Application Identifier", ai)
}

// ParseBracketed parses bracketed AI data such as "(01)09520123456788(10)ABC123". A literal
// "(" inside a value is written "\(". A 2D composite component may follow after "|".
func ParseBracketed(s string, opts Options) (*Result, error) {
	lin, comp, hasComp := strings.Cut(s, "|")
	r := &Result{}
	r.Elements = r.inline[:0]
	var err error
	if !hasComp || lin != "" {
		if r.Elements, err = parseBracketed(lin, 0, opts, r.Elements); err != nil {
			return nil, err
		}
	}
	if hasComp {
		n := len(r.Elements)
		if r.Elements, err = parseBracketed(comp, len(lin)+1, opts, r.Elements); err != nil {
			return nil, err
		}
		r.Composite = len(r.Elements) - n
	}
	return finish(r, opts)
}

// parseBracketed appends the elements of one bracketed component to dst.
func parseBracketed(s string, offset int, opts Options, dst []Element) ([]Element, error) {
	if s == "" || s[0] != '(' {
		return nil, errorf(CodeParseFailed, "", offset, "bracketed AI data must start with \"(\"")
	}
	if dst == nil {
		dst = make([]Element, 0, 4)
	}
	for p := 0; p < len(s); {
		e, next, err := nextBracketed(s, p, opts)
		if err != nil {
			return nil, err.at(offset)
		}
		dst = append(dst, e)
		p = next
	}
	return dst, nil
}

// nextBracketed reads "(AI)value" at s[p]. Error positions are relative to s.
func nextBracketed(s string, p int, opts Options) (Element, int, *Error) {
	closing := strings.IndexByte(s[p:], ')')
	if s[p] != '(' || closing < 0 {
		return Element{}, 0, errorf(CodeParseFailed, "", p, "expected \"(AI)\"")
	}
	ai := s[p+1 : p+closing]
	if len(ai) < 2 || len(ai) > 4 || !allDigits(ai) {
		return Element{}, 0, errorf(CodeUnrecognisedAI, ai, p+1, "%q is not an AI", ai)
	}
	def, err := resolveAI(ai, opts, p+1)
	if err != nil {
		return Element{}, 0, err
	}
	start := p + closing + 1
	v, end, err := bracketedValue(s, start, ai)
	if err != nil {
		return Element{}, 0, err
	}
	if err := checkLength(def, ai, v, end == len(s)); err != nil {
		return Element{}, 0, err.at(start)
	}
	if err := checkValue(def, ai, v); err != nil {
		return Element{}, 0, err.at(start)
	}
	return Element{AI: ai, Value: v, def: def}, end, nil
}

// bracketedValue reads a value up to the next unescaped "(" and unescapes "\(".
func bracketedValue(s string, start int, ai string) (string, int, *Error) {
	end := start
	escaped := false
	for end < len(s) && s[end] != '(' {
		if s[end] == fnc1 {
			return "", 0, errorf(CodeIllegalCaret, ai, end, "the value of AI (%s) contains \"^\"", ai)
		}
		if s[end] == '\\' && end+1 < len(s) && s[end+1] == '(' {
			escaped = true
			end++
		}
		end++
	}
	v := s[start:end]
	if escaped {
		v = strings.ReplaceAll(v, `\(`, "(")
	}
	return v, end, nil
}

// checkLength applies the overall length bounds of an AI value given in brackets.
func checkLength(def *AIDef, ai, v string, last bool) *Error {
	switch {
	case v == "" && last:
		return errorf(CodeParseFailed, ai, 0, "AI (%s) has no value", ai)
	case len(v) < def.MinLen:
		return errorf(CodeValueTooShort, ai, 0, "the value of AI (%s) is shorter than %d characters", ai, def.MinLen)
	case len(v) > def.MaxLen:
		return errorf(CodeValueTooLong, ai, 0, "the value of AI (%s) is longer than %d characters", ai, def.MaxLen)
	}
	return nil
}

// checkValue applies an AI's format components and their linters to v. Error positions are
// relative to v.
func checkValue(def *AIDef, ai, v string) *Error {
	p := 0
	for _, c := range def.Components {
		if p == len(v) && c.Optional {
			break
		}
		n := min(len(v)-p, c.Max)
		if n < c.Min {
			return errorf(CodeIncorrectLength, ai, p, "the value of AI (%s) has the wrong length", ai)
		}
		part := v[p : p+n]
		if f := checkComponent(c, part); f.name != "" {
			return &Error{Code: CodeLinter, Linter: f.name, AI: ai, Pos: p + f.pos,
				Msg: "the value of AI (" + ai + ") fails the " + lintLabel(f.name) + " check"}
		}
		p += n
	}
	if p < len(v) {
		return errorf(CodeValueTooLong, ai, p, "the value of AI (%s) is too long", ai)
	}
	return nil
}

// checkComponent applies the character set, then each linter, to one component.
func checkComponent(c Component, part string) finding {
	if f := checkCharset(c.Charset, part); f.name != "" {
		return f
	}
	for _, l := range c.Linters {
		if f := lint(l, part); f.name != "" {
			return f
		}
	}
	return passed
}

// checkCharset checks part against the component's character set.
func checkCharset(cs byte, part string) finding {
	switch cs {
	case 'N':
		if i := indexNonDigit(part); i >= 0 {
			return finding{"NON_DIGIT_CHARACTER", i}
		}
	case 'X':
		return inTable(part, &cset82Table, "INVALID_CSET82_CHARACTER")
	case 'Y':
		return inTable(part, &cset39Table, "INVALID_CSET39_CHARACTER")
	case 'Z':
		return checkCSET64(part)
	}
	return passed
}

func inTable(s string, t *[256]bool, name string) finding {
	for i := 0; i < len(s); i++ {
		if !t[s[i]] {
			return finding{name, i}
		}
	}
	return passed
}

// checkCSET64 checks base64url data with optional "=" padding to a multiple of three.
func checkCSET64(s string) finding {
	n := len(s)
	for n > 0 && s[n-1] == '=' {
		n--
	}
	if pads := len(s) - n; pads > 2 || (pads > 0 && len(s)%3 != 0) {
		return finding{"INVALID_CSET64_PADDING", n}
	}
	return inTable(s[:n], &cset64Table, "INVALID_CSET64_CHARACTER")
}

// lintLabel turns a finding such as "INCORRECT_CHECK_DIGIT" into "incorrect check digit".
func lintLabel(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", " "))
}

// clip shortens s to at most n bytes for messages.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
