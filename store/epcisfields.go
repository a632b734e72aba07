package store

import (
	"cmp"
	"context"
	"database/sql"
	"regexp"
	"slices"
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
// field nested at any depth, the part of the event the field is in (none:
// the event itself), and the field's name, which has a colon (prefix:name,
// or an IRI).
var fieldParamName = regexp.MustCompile(`^(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(ILMD_|ERROR_DECLARATION_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_|readPoint_|bizLocation_)?([^:]+:.+)$`)

// fieldPlaces are the parts of an event named in a parameter on a field,
// with the place epcis.IndexFields lists their fields at.
var fieldPlaces = map[string]byte{
	"":                   epcis.FieldExtension,
	"ILMD_":              epcis.FieldILMD,
	"ERROR_DECLARATION_": epcis.FieldErrorDeclaration,
	"SENSORELEMENT_":     epcis.FieldSensorElement,
	"SENSORMETADATA_":    epcis.FieldSensorMetadata,
	"SENSORREPORT_":      epcis.FieldSensorReport,
	"readPoint_":         epcis.FieldReadPoint,
	"bizLocation_":       epcis.FieldBizLocation,
}

// fieldCond is one parameter on a field, read: the keys of the field's
// values (epcis.FieldKey) and what they are compared with.
type fieldCond struct {
	op           string // EQ, GT, GE, LT, LE or EXISTS
	key, timeKey string
	// EQ_: the values as written, and those that are numbers or times.
	texts   []string
	numbers []float64
	times   []string
	// GT_, GE_, LT_, LE_: one number, or else one time.
	number   *float64
	boundary string
}

// fieldParam adds a parameter on a field of the event (ILMD, extension,
// sensor, readPoint or bizLocation), or of its error declaration, and
// reports whether name was one. EQ_ takes values compared as written (a
// number also as a number, a time also as a time: epcis.FieldTime); GT_,
// GE_, LT_ and LE_ take one number or one time; EXISTS_ no value. Like every
// parameter it is its own condition on the event: some value of the field
// satisfies it.
func (f *epcisFilter) fieldParam(name string, values []string) (bool, error) {
	m := fieldParamName.FindStringSubmatch(name)
	if m == nil {
		return false, nil
	}
	c, err := readFieldCond(name, m[1], m[2] != "", fieldPlaces[m[3]], m[4], values)
	if err != nil {
		return true, err
	}
	if fieldPlaces[m[3]] == epcis.FieldErrorDeclaration {
		// An event's declaration is its latest (declaredEvents), which
		// may have come after the event.
		f.declared = append(f.declared, func(decl *epcis.Event) bool { return c.holds(epcis.Fields(decl)) })
		return true, nil
	}
	f.fieldSQL(c)
	return true, nil
}

func readFieldCond(name, op string, inner bool, place byte, field string, values []string) (fieldCond, error) {
	if strings.ContainsAny(field, "\"\\") {
		return fieldCond{}, lotledger.Errorf(lotledger.EINVALID, name, "%s: a field name cannot hold a quote or a backslash", name)
	}
	if inner {
		place = epcis.InnerField(place)
	}
	iri, _ := epcis.ExpandFieldName(field)
	c := fieldCond{op: op, key: epcis.FieldKey(place, iri, false), timeKey: epcis.FieldKey(place, iri, true)}
	switch op {
	case "EXISTS":
		return c, nil
	case "EQ":
		for _, v := range values {
			v = strings.TrimSpace(v)
			c.texts = append(c.texts, v)
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				c.numbers = append(c.numbers, n)
			}
			if t, ok := epcis.FieldTime(v); ok {
				c.times = append(c.times, t)
			}
		}
		return c, nil
	}
	if len(values) != 1 {
		return c, lotledger.Errorf(lotledger.EINVALID, name, "%s takes one number or time, not %d values", name, len(values))
	}
	v := strings.TrimSpace(values[0])
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		c.number = &n
		return c, nil
	}
	if t, ok := epcis.FieldTime(v); ok {
		c.boundary = t
		return c, nil
	}
	return c, lotledger.Errorf(lotledger.EINVALID, name, "%s takes a number or a date or date-time, not %q", name, v)
}

var fieldComparisons = map[string]string{"GT": ">", "GE": ">=", "LT": "<", "LE": "<="}

// fieldSQL adds c as a condition on the event's indexed fields
// (epcis_events.fields). A comparison first asks whether the event has the
// field at all, which is quick to answer; listing the values of a field an
// event lacks is not (on SQLite, twice as slow as listing those it has).
func (f *epcisFilter) fieldSQL(c fieldCond) {
	has, hasArg := f.fieldExists(), f.fieldPath(c.key)
	switch {
	case c.op == "EXISTS":
		f.add(has, hasArg)
	case c.op == "EQ":
		alts := []string{"EXISTS (SELECT 1 FROM " + f.fieldValues() + " WHERE " + f.fieldText(true) + " IN (" + placeholders(len(c.texts)) + "))"}
		args := append([]any{f.fieldPath(c.key)}, anys(c.texts)...)
		if len(c.numbers) > 0 {
			alts = append(alts, "EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldNumber()+" IN ("+placeholders(len(c.numbers))+"))")
			args = append(append(args, f.fieldPath(c.key)), anys(c.numbers)...)
		}
		if len(c.times) > 0 {
			alts = append(alts, "EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldText(false)+" IN ("+placeholders(len(c.times))+"))")
			args = append(append(args, f.fieldPath(c.timeKey)), anys(c.times)...)
		}
		f.add(has+" AND ("+strings.Join(alts, " OR ")+")", append([]any{hasArg}, args...)...)
	case c.number != nil:
		f.add(has+" AND EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldNumber()+" "+fieldComparisons[c.op]+" ?)", hasArg, f.fieldPath(c.key), *c.number)
	default:
		f.add(has+" AND EXISTS (SELECT 1 FROM "+f.fieldValues()+" WHERE "+f.fieldText(false)+" "+fieldComparisons[c.op]+" ?)", f.fieldPath(c.timeKey), f.fieldPath(c.timeKey), c.boundary)
	}
}

// holds is c checked on fields (epcis.Fields) in Go, as fieldSQL checks it
// in SQL: strings compare as text, numbers as numbers, times by their
// epcis.FieldTime text.
func (c fieldCond) holds(fields map[string][]epcis.FieldValue) bool {
	values, ok := fields[c.key]
	switch {
	case c.op == "EXISTS":
		return ok
	case c.op == "EQ":
		for _, v := range values {
			if !v.Number && slices.Contains(c.texts, v.Text) {
				return true
			}
			if n, err := strconv.ParseFloat(v.Text, 64); v.Number && err == nil && slices.Contains(c.numbers, n) {
				return true
			}
		}
		return slices.ContainsFunc(fields[c.timeKey], func(v epcis.FieldValue) bool { return slices.Contains(c.times, v.Text) })
	case c.number != nil:
		return slices.ContainsFunc(values, func(v epcis.FieldValue) bool {
			n, err := strconv.ParseFloat(v.Text, 64)
			return v.Number && err == nil && compares(cmp.Compare(n, *c.number), c.op)
		})
	}
	return slices.ContainsFunc(fields[c.timeKey], func(v epcis.FieldValue) bool {
		return compares(strings.Compare(v.Text, c.boundary), c.op)
	})
}

// compares reports whether a comparison's result (cmp.Compare) satisfies
// op.
func compares(r int, op string) bool {
	switch op {
	case "GT":
		return r > 0
	case "GE":
		return r >= 0
	case "LT":
		return r < 0
	}
	return r <= 0 // LE
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
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
