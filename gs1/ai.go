package gs1

// AIDef describes one GS1 Application Identifier as defined by the GS1 Barcode Syntax
// Dictionary. The table of all AIs is generated into ai_table.go.
type AIDef struct {
	AI    string // the AI digits, e.g. "01"
	Title string // short title, e.g. "GTIN"
	// FNC1 reports whether a separator must follow the value when another AI follows: true
	// for AIs without a predefined length (the dictionary's "*" flag is absent).
	FNC1         bool
	DLAttr       bool        // may appear as a Digital Link query data attribute ("?" flag)
	DLPrimaryKey bool        // is a Digital Link primary key (dlpkey)
	Components   []Component // the value's format, applied left to right
	MinLen       int         // shortest valid value
	MaxLen       int         // longest valid value
	// Requires lists the mandatory associations: every group must be satisfied by one of its
	// alternatives, and an alternative is satisfied when all its AI patterns are present.
	// Patterns may use "n" for any digit ("31nn").
	Requires [][][]string
	Excludes []string // AI patterns that may not appear together with this AI
	// DLQualifiers holds the alternative ordered key-qualifier sequences of a primary key.
	DLQualifiers [][]string
}

// Component is one part of an AI's value format, e.g. "N13,csum" or "[X..17]".
type Component struct {
	Charset  byte // 'N' digits, 'X' CSET 82, 'Y' CSET 39, 'Z' CSET 64 (base64url)
	Min, Max int  // length bounds; Min == Max for a fixed-length component
	Optional bool // may be omitted when the data is exhausted
	Linters  []Linter
}

// unknownAI is the definition applied to AIs that are not in the dictionary when
// Options.PermitUnknownAIs is set: up to 90 CSET 82 characters, separator required.
var unknownAI = AIDef{
	Title: "UNKNOWN", FNC1: true, MinLen: 1, MaxLen: 90,
	Components: []Component{{Charset: 'X', Min: 1, Max: 90}},
}

// LookupAI returns the dictionary definition of ai.
func LookupAI(ai string) (AIDef, bool) {
	d := lookupAI(ai)
	if d == nil {
		return AIDef{}, false
	}
	return *d, true
}

// AIs returns the codes of all AIs in the dictionary, in lexical order.
func AIs() []string {
	out := make([]string, len(aiTable))
	for i := range aiTable {
		out[i] = aiTable[i].AI
	}
	return out
}

// aiIndex maps an AI's digits to 1 + its position in aiTable (0: not an AI). Two-, three-
// and four-digit AIs occupy separate ranges so that "01" and "001" stay distinct. It is a
// pure function of the generated table, computed once.
var aiIndex = buildAIIndex()

func buildAIIndex() *[11100]uint16 {
	var idx [11100]uint16
	for i := range aiTable {
		idx[aiSlot(aiTable[i].AI)] = uint16(i + 1)
	}
	return &idx
}

// aiSlot returns the index slot of a 2-4 digit AI, or -1.
func aiSlot(ai string) int {
	if len(ai) < 2 || len(ai) > 4 {
		return -1
	}
	n := 0
	for i := 0; i < len(ai); i++ {
		if !isDigit(ai[i]) {
			return -1
		}
		n = n*10 + int(ai[i]-'0')
	}
	return [...]int{0, 100, 1100}[len(ai)-2] + n
}

// lookupAI finds the dictionary entry of ai in constant time.
func lookupAI(ai string) *AIDef {
	slot := aiSlot(ai)
	if slot < 0 || aiIndex[slot] == 0 {
		return nil
	}
	return &aiTable[aiIndex[slot]-1]
}

// prefixLen returns the length of the AI that begins with the two digits at s[0:2], or 0.
func prefixLen(s string) int {
	if len(s) < 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return 0
	}
	return int(aiPrefixLen[int(s[0]-'0')*10+int(s[1]-'0')])
}

// matchPattern reports whether ai matches a dictionary pattern such as "310n" or "31nn".
func matchPattern(pattern, ai string) bool {
	if len(pattern) != len(ai) {
		return false
	}
	for i := 0; i < len(ai); i++ {
		if pattern[i] != ai[i] && !(pattern[i] == 'n' && isDigit(ai[i])) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// allDigits reports whether s is non-empty and all ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
