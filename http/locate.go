package http

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"lotledger"
)

var amountType = reflect.TypeFor[lotledger.Amount]()

func typeOf(v any) reflect.Type {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// locate walks a generically decoded JSON value (numbers as json.Number)
// beside the Go type it was meant for and returns an error naming the first
// value that does not fit: an unknown field or a value of the wrong type.
// It follows encoding/json's rules: null fits anything, field names match
// case-insensitively. Object keys are visited in sorted order so the answer
// is the same every time.
func locate(v any, t reflect.Type, path string) *lotledger.Error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return nil
	}
	if t == amountType {
		switch v.(type) {
		case string, json.Number:
			return nil
		}
		return mismatch(path, `a decimal string such as "12.5"`, v)
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return mismatch(path, "a string", v)
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return mismatch(path, "true or false", v)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return mismatch(path, "an integer", v)
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return mismatch(path, "an integer in range", v)
		}
	case reflect.Slice:
		return locateArray(v, t, path)
	case reflect.Struct:
		return locateObject(v, t, path)
	}
	return nil
}

func locateArray(v any, t reflect.Type, path string) *lotledger.Error {
	arr, ok := v.([]any)
	if !ok {
		return mismatch(path, "an array", v)
	}
	for i, e := range arr {
		if bad := locate(e, t.Elem(), path+"["+strconv.Itoa(i)+"]"); bad != nil {
			return bad
		}
	}
	return nil
}

func locateObject(v any, t reflect.Type, path string) *lotledger.Error {
	if t.Implements(reflect.TypeFor[json.Unmarshaler]()) || reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return nil // decodes itself, e.g. time.Time
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return mismatch(path, "an object", v)
	}
	fields := jsonFields(t)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := k
		if path != "" {
			p = path + "." + k
		}
		f, ok := fields[strings.ToLower(k)]
		if !ok {
			return lotledger.Errorf(lotledger.EINVALID, p, "unknown field %q", p)
		}
		if bad := locate(obj[k], f.Type, p); bad != nil {
			return bad
		}
	}
	return nil
}

// jsonFields maps the lower-cased JSON names of t's fields, embedded structs
// flattened as encoding/json does, to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[strings.ToLower(name)] = f
	}
	return m
}

// mismatch says what a value should have been and what it was.
func mismatch(path, want string, got any) *lotledger.Error {
	return lotledger.Errorf(lotledger.EINVALID, path, "%s must be %s, not %s", fieldName(path), want, jsonKind(got))
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}
