package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"lotledger"
)

// decodeBody reads a JSON object from r's body into v. Bodies are bounded by
// MaxBodyBytes, unknown fields and trailing data are rejected, and every
// failure is a *lotledger.Error that names the offending field where there
// is one. With optional, an empty body leaves v unchanged.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any, optional bool) error {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return lotledger.Errorf(lotledger.ETOOLARGE, "", "request body is larger than %d bytes", tooLarge.Limit)
		}
		return lotledger.Errorf(lotledger.EINVALID, "", "read request body: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return nil
		}
		return lotledger.Errorf(lotledger.EINVALID, "", "request body is required: a JSON object")
	}
	return decodeJSON(body, v)
}

// checkContentType accepts a missing content type (curl without -H is
// common) and any JSON media type; anything else is surely a mistake.
func checkContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return lotledger.Errorf(codeUnsupportedMedia, "", "Content-Type %q is not supported; send application/json", ct)
}

// decodeJSON decodes exactly one JSON object from body into v.
func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(body, v, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return lotledger.Errorf(lotledger.EINVALID, "", "request body has data after the JSON object")
	}
	return nil
}

// decodeError explains why body did not decode into v. encoding/json names
// unknown fields without their path and returns errors from UnmarshalJSON
// methods (lotledger.Amount's) with no field at all, so the body is walked
// against v's type to find the exact path, such as "lines[1].quantity".
func decodeError(body []byte, v any, err error) error {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return lotledger.Errorf(lotledger.EINVALID, "",
			"request body is not valid JSON: %s (at byte %d)", strings.TrimPrefix(syntax.Error(), "json: "), syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return lotledger.Errorf(lotledger.EINVALID, "", "request body is not valid JSON: it ends too early")
	}
	var doc any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&doc) == nil {
		if _, isObject := doc.(map[string]any); !isObject {
			return lotledger.Errorf(lotledger.EINVALID, "", "request body must be a JSON object")
		}
		if bad := locate(doc, typeOf(v), ""); bad != nil {
			return bad
		}
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return lotledger.Errorf(lotledger.EINVALID, typ.Field, "%s must be %s, not %s", fieldName(typ.Field), article(typ.Type.Kind().String()), typ.Value)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		name = strings.Trim(name, `"`)
		return lotledger.Errorf(lotledger.EINVALID, name, "unknown field %q", name)
	}
	return lotledger.Errorf(lotledger.EINVALID, "", "request body: %s", msg)
}

func fieldName(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

// article prefixes a type word with "a" or "an".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
