package gs1

// Parse accepts barcode data in whatever form a scanner or a person produced it and
// dispatches on its first characters: "]" scanner data with an AIM symbology identifier,
// "(" bracketed AI data, "^" or GS element strings, http(s):// GS1 Digital Link URIs, a bare
// GTIN-8/12/13/14, or unbracketed AI data typed without the leading FNC1.
func Parse(s string, opts Options) (*Result, error) {
	switch {
	case s == "":
		return nil, errorf(CodeEmpty, "", 0, "no data")
	case s[0] == ']':
		return ParseScanData(s, opts)
	case s[0] == '(':
		return ParseBracketed(s, opts)
	case s[0] == fnc1 || s[0] == gs:
		return ParseElementString(s, opts)
	case hasDLScheme(s):
		return ParseDigitalLink(s, opts)
	case ValidGTIN(s):
		return &Result{Primary: s}, nil
	case isDigit(s[0]):
		r, err := ParseElementString("^"+s, opts)
		if e, ok := err.(*Error); ok {
			return nil, e.at(-1)
		}
		return r, err
	}
	return nil, errorf(CodeNotAIData, "", 0, "the data is neither GS1 AI data nor a GS1 Digital Link URI")
}
