package store

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// The query parameters on ILMD and extension fields (EPCIS 2.0, section
// 8.2.7.1): EQ_ILMD_cbvmda:itemExpirationDate, GT_example:temperature,
// EXISTS_INNER_ILMD_example:grade, ... They read epcis_events.fields
// (migrations/0018_epcis_fields.sql), the event's fields as
// epcis.IndexFields lists them, and are checked on the events the query
// reaches, like the quantity parameters: the values are not indexed.

// fillFields is migration 0018's Go half: the fields of the events recorded
// before it.
func fillFields(ctx context.Context, s *Store, tx *sql.Tx) error {
	return fillFromStored(ctx, tx, "", func(seq int64, ev *epcis.Event) error {
		f := epcis.IndexFields(ev)
		if f == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE epcis_events SET fields = $1 WHERE seq = $2`, f, seq)
		return err
	})
}

// fieldParamName is a parameter on a field: the comparison, INNER_ for a
// field nested at any depth, ILMD_ for the lot master data, and the field's
// name, which has a colon (prefix:name, or an IRI).
var fieldParamName = regexp.MustCompile(`^(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(ILMD_)?([^:]+:.+)$`)

// unsupportedFieldPlaces are the places of fields EPCIS defines parameters
// for that lotledger does not answer yet.
var unsupportedFieldPlaces = []string{"ERROR_DECLARATION_", "SENSORELEMENT_", "SENSORMETADATA_", "SENSORREPORT_"}

// fieldParam adds a parameter on an ILMD or extension field, and reports
// whether name was one. EQ_ takes values compared as written (a number also
// as a number, a time also as a time: epcis.FieldTime); GT_, GE_, LT_ and
// LE_ take one number or one time; EXISTS_ no value. Like every parameter
// it is its own condition on the event: some value of the field satisfies
// it.
func (f *epcisFilter) fieldParam(name string, values []string) (bool, error) {
	m := fieldParamName.FindStringSubmatch(name)
	if m == nil {
		return false, nil
	}
	op, inner, ilmd, field := m[1], m[2] != "", m[3] != "", m[4]
	for _, p := range unsupportedFieldPlaces {
		if strings.HasPrefix(field, p) {
			return true, lotledger.Errorf(lotledger.EINVALID, name, "%s: parameters on %s fields are not supported", name, strings.ToLower(strings.TrimSuffix(p, "_")))
		}
	}
	if strings.ContainsAny(field, "\"\\") {
		return true, lotledger.Errorf(lotledger.EINVALID, name, "%s: a field name cannot hold a quote or a backslash", name)
	}
	place := byte(epcis.FieldExtension)
	switch {
	case inner && ilmd:
		place = epcis.FieldInnerILMD
	case inner:
		place = epcis.FieldInnerExtension
	case ilmd:
		place = epcis.FieldILMD
	}
	iri, _ := epcis.ExpandFieldName(field)
	key, timeKey := epcis.FieldKey(place, iri, false), epcis.FieldKey(place, iri, true)
	if op == "EXISTS" {
		f.add(f.fieldExists(), f.fieldPath(key))
		return true, nil
	}
	if op == "EQ" {
		return true, f.fieldEquals(key, timeKey, values)
	}
	if len(values) != 1 {
		return true, lotledger.Errorf(lotledger.EINVALID, name, "%s takes one number or time, not %d values", name, len(values))
	}
	v := strings.TrimSpace(values[0])
	cmp := map[string]string{"GT": ">", "GE": ">=", "LT": "<", "LE": "<="}[op]
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		f.add("EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldNumber()+" "+cmp+" ?)", f.fieldPath(key), n)
		return true, nil
	}
	if t, ok := epcis.FieldTime(v); ok {
		f.add("EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldText(false)+" "+cmp+" ?)", f.fieldPath(timeKey), t)
		return true, nil
	}
	return true, lotledger.Errorf(lotledger.EINVALID, name, "%s takes a number or a date or date-time, not %q", name, v)
}

// fieldEquals adds EQ_: some value of the field is one of values, as
// written, or as a number or a time where the value given is one.
func (f *epcisFilter) fieldEquals(key, timeKey string, values []string) error {
	var texts, numbers, times []any
	for _, v := range values {
		v = strings.TrimSpace(v)
		texts = append(texts, v)
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			numbers = append(numbers, n)
		}
		if t, ok := epcis.FieldTime(v); ok {
			times = append(times, t)
		}
	}
	alts := []string{"EXISTS (SELECT 1 FROM " + f.fieldValues() + " WHERE " + f.fieldText(true) + " IN (" + placeholders(len(texts)) + "))"}
	args := append([]any{f.fieldPath(key)}, texts...)
	if len(numbers) > 0 {
		alts = append(alts, "EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldNumber()+" IN ("+placeholders(len(numbers))+"))")
		args = append(append(args, f.fieldPath(key)), numbers...)
	}
	if len(times) > 0 {
		alts = append(alts, "EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldText(false)+" IN ("+placeholders(len(times))+"))")
		args = append(append(args, f.fieldPath(timeKey)), times...)
	}
	f.add("("+strings.Join(alts, " OR ")+")", args...)
	return nil
}

// The SQL of the field conditions, in each database's JSON functions: the
// values of one key of x.fields as rows j, and each value as text or as a
// number (NULL when it is not one).

func (f *epcisFilter) fieldPath(key string) string {
	if f.postgres {
		return key
	}
	return `$."` + key + `"`
}

func (f *epcisFilter) fieldExists() string {
	if f.postgres {
		return "jsonb_exists(x.fields, ?::text)"
	}
	return "json_type(x.fields, ?) IS NOT NULL"
}

func (f *epcisFilter) fieldValues() string {
	if f.postgres {
		return "jsonb_array_elements(x.fields -> ?::text) j"
	}
	return "json_each(x.fields, ?) j"
}

// fieldText is a value as text; onlyStrings leaves numbers out. Text
// compares byte by byte on both databases.
func (f *epcisFilter) fieldText(onlyStrings bool) string {
	switch {
	case f.postgres && onlyStrings:
		return `CASE WHEN jsonb_typeof(j.value) = 'string' THEN j.value #>> '{}' END COLLATE "C"`
	case f.postgres:
		return `(j.value #>> '{}') COLLATE "C"`
	case onlyStrings:
		return "CASE WHEN j.type = 'text' THEN j.value END"
	}
	return "j.value"
}

func (f *epcisFilter) fieldNumber() string {
	if f.postgres {
		return `CASE WHEN jsonb_typeof(j.value) = 'number' THEN (j.value #>> '{}')::numeric END`
	}
	return "CASE WHEN j.type IN ('integer', 'real') THEN j.value END"
}
