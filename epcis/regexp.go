package epcis

import (
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// lookaheadRegexp compiles the schema's patterns. Two of them are ECMA-262
// negative lookaheads, "^(?!(urn:epcglobal:cbv|...))": a string must not
// start with a CBV URN. Go's RE2 has no lookahead, so exactly that form is
// compiled as the negation of "^(?:...)"; any other pattern goes to RE2.
func lookaheadRegexp(pattern string) (jsonschema.Regexp, error) {
	inner, ok := strings.CutPrefix(pattern, "^(?!")
	if !ok || !strings.HasSuffix(inner, ")") || !closesAtEnd(inner) {
		return regexp.Compile(pattern)
	}
	re, err := regexp.Compile("^(?:" + inner[:len(inner)-1] + ")")
	if err != nil {
		return nil, err
	}
	return notMatching{re, pattern}, nil
}

// closesAtEnd reports whether the first unbalanced ")" in s is its last byte.
func closesAtEnd(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i == len(s)-1
			}
			depth--
		}
	}
	return false
}

// notMatching matches the strings that re does not.
type notMatching struct {
	re      *regexp.Regexp
	pattern string
}

func (n notMatching) MatchString(s string) bool { return !n.re.MatchString(s) }
func (n notMatching) String() string            { return n.pattern }
