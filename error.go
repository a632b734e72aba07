package lotledger

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: clients branch on them. The HTTP adapter maps
// each to a status in one place.
const (
	EINVALID      = "invalid"            // malformed or missing input
	ENOTFOUND     = "not_found"          // the addressed resource does not exist
	EUNKNOWN      = "unknown_reference"  // the body names a SKU, lot, location or party that does not exist
	ECONFLICT     = "conflict"           // duplicate key, idempotency key reused with another body
	EINSUFFICIENT = "insufficient_stock" // the move would make stock negative
	EBLOCKED      = "lot_blocked"        // the lot's status forbids the move without an override
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
	EINTERNAL     = "internal"
)

// Error is lotledger's one error type: a stable code, a message for a person
// and, where the input was at fault, the offending field as a JSON path such
// as "lines[2].quantity".
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with code and field.
func Errorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// fieldPath joins a prefix and an element into a JSON path.
func fieldPath(prefix string, i int, name string) string {
	return fmt.Sprintf("%s[%d].%s", prefix, i, name)
}

// FieldPath returns "prefix[i].name", the form used for line errors.
func FieldPath(prefix string, i int, name string) string { return fieldPath(prefix, i, name) }
