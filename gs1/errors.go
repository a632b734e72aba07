package gs1

import "fmt"

// Code classifies a parse or validation failure. The names follow the error classes of the
// GS1 Barcode Syntax Engine where one exists, so that failures can be compared with the
// conformance data; linter failures use CodeLinter with the linter's finding in Error.Linter.
type Code string

// Error codes. They are grouped by the stage that reports them.
const (
	// Element strings and bracketed data.
	CodeNotAIData          Code = "NOT_AI_DATA"
	CodeEmpty              Code = "AI_DATA_EMPTY"
	CodeParseFailed        Code = "AI_PARSE_FAILED"
	CodeUnrecognisedAI     Code = "AI_UNRECOGNISED"
	CodeNoAIForPrefix      Code = "NO_AI_FOR_PREFIX"
	CodeValueTooShort      Code = "AI_VALUE_IS_TOO_SHORT"
	CodeValueTooLong       Code = "AI_VALUE_IS_TOO_LONG"
	CodeDataTooLong        Code = "AI_DATA_IS_TOO_LONG" // unbracketed value runs past its maximum
	CodeValueEmpty         Code = "AI_DATA_IS_EMPTY"
	CodeIncorrectLength    Code = "AI_DATA_HAS_INCORRECT_LENGTH"
	CodeIllegalCaret       Code = "AI_CONTAINS_ILLEGAL_CARAT_CHARACTER"
	CodeLinter             Code = "AI_LINTER_ERROR"
	CodeRequiredAIsMissing Code = "REQUIRED_AIS_NOT_SATISFIED"
	CodeInvalidPairs       Code = "INVALID_AI_PAIRS"
	CodeDifferentValues    Code = "INSTANCES_OF_AI_HAVE_DIFFERENT_VALUES"
	CodeSerialNotPresent   Code = "SERIAL_NOT_PRESENT"

	// Scanner data.
	CodeMissingSymbology     Code = "MISSING_SYMBOLOGY_IDENTIFIER"
	CodeUnsupportedSymbology Code = "UNSUPPORTED_SYMBOLOGY_IDENTIFIER"
	CodeScanDataCaret        Code = "SCAN_DATA_CONTAINS_ILLEGAL_CARAT"
	CodePrimaryTooShort      Code = "PRIMARY_SCAN_DATA_IS_TOO_SHORT"
	CodePrimaryTooLong       Code = "PRIMARY_MESSAGE_IS_TOO_LONG"
	CodePrimaryNotDigits     Code = "PRIMARY_MESSAGE_MAY_ONLY_CONTAIN_DIGITS"
	CodePrimaryCheckDigit    Code = "PRIMARY_MESSAGE_CHECK_DIGIT_IS_INCORRECT"
	CodeCannotEncode         Code = "CANNOT_ENCODE"

	// GS1 Digital Link.
	CodeNotDLURI             Code = "NOT_DL_URI"
	CodeURIIllegalChars      Code = "URI_CONTAINS_ILLEGAL_CHARACTERS"
	CodeDomainIllegalChars   Code = "DOMAIN_CONTAINS_ILLEGAL_CHARACTERS"
	CodeMissingDomainOrPath  Code = "URI_MISSING_DOMAIN_AND_PATH_INFO"
	CodeNoDLKeys             Code = "NO_GS1_DL_KEYS_FOUND_IN_PATH_INFO"
	CodeEmptyPathValue       Code = "AI_VALUE_PATH_ELEMENT_IS_EMPTY"
	CodeEmptyQueryValue      Code = "AI_VALUE_QUERY_ELEMENT_IN_EMPTY"
	CodeIllegalNullPath      Code = "DECODED_AI_FROM_DL_PATH_INFO_CONTAINS_ILLEGAL_NULL"
	CodeIllegalNullQuery     Code = "DECODED_AI_VALUE_FROM_QUERY_PARAMS_CONTAINS_ILLEGAL_NULL"
	CodeUnknownQueryAI       Code = "UNKNOWN_AI_IN_QUERY_PARAMS"
	CodeBadQualifierSequence Code = "INVALID_KEY_QUALIFIER_SEQUENCE"
	CodeDuplicateAI          Code = "DUPLICATE_AI"
	CodeNotDataAttribute     Code = "AI_IS_NOT_VALID_DATA_ATTRIBUTE"
	CodeShouldBeInPath       Code = "AI_SHOULD_BE_IN_PATH_INFO"
	CodeNoPrimaryKey         Code = "CANNOT_CREATE_DL_URI_WITHOUT_PRIMARY_KEY_AI"
)

// Error reports why barcode data or a Digital Link URI was rejected, which AI was being
// processed and where in the input the problem was found.
type Error struct {
	Code   Code
	Linter string // for CodeLinter: the finding, e.g. "INCORRECT_CHECK_DIGIT"
	AI     string // the AI concerned, "" when the failure is not about one AI
	Pos    int    // byte offset in the input where the offending data starts, -1 if unknown
	Msg    string // a sentence for a person
}

// Error formats the failure as "gs1: AI (10) at 18: message [CODE]".
func (e *Error) Error() string {
	where := ""
	if e.AI != "" {
		where = fmt.Sprintf("AI (%s) ", e.AI)
	}
	if e.Pos >= 0 {
		where += fmt.Sprintf("at position %d ", e.Pos)
	}
	code := string(e.Code)
	if e.Linter != "" {
		code += ":" + e.Linter
	}
	if where != "" {
		return fmt.Sprintf("gs1: %s: %s [%s]", where[:len(where)-1], e.Msg, code)
	}
	return fmt.Sprintf("gs1: %s [%s]", e.Msg, code)
}

// errorf builds an *Error with a formatted message.
func errorf(code Code, ai string, pos int, format string, args ...any) *Error {
	return &Error{Code: code, AI: ai, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// at returns a copy of e with its position shifted by offset (a value-relative position
// becomes an input-relative one). Unknown positions stay unknown.
func (e *Error) at(offset int) *Error {
	c := *e
	if c.Pos >= 0 {
		c.Pos += offset
	} else {
		c.Pos = offset
	}
	return &c
}
