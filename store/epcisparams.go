package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// epcisFilter turns EPCIS query parameters into a WHERE clause over
// epcis_events x joined to events e. Values are put in the index's spelling
// first (canonical identifiers, bare CBV terms, UTC text), so that any
// spelling the standard allows finds the same events.
type epcisFilter struct {
	filter
	ctx      context.Context
	postgres bool
	store    *Store
	// byHash is set when an EQ_eventID value is an event hash, which the
	// index fills in on demand (epcishash.go).
	byHash bool
	// declared holds the conditions on an event's error declaration
	// (EQ_errorReason, EQ_ERROR_DECLARATION_field, ...), applied together
	// once every parameter is read, each on the declaring event: the
	// event in its declared form, with its ErrorDeclaration.
	declared []func(*epcis.Event) bool
}

// matchRoles lists, for each MATCH_ parameter, the index roles it searches
// (EPCIS 2.0, section 8.2.7.1).
var matchRoles = map[string][]string{
	"MATCH_epc":            {"epc", "childEPC"},
	"MATCH_parentID":       {"parentID"},
	"MATCH_inputEPC":       {"inputEPC"},
	"MATCH_outputEPC":      {"outputEPC"},
	"MATCH_anyEPC":         {"epc", "childEPC", "inputEPC", "outputEPC", "parentID"},
	"MATCH_epcClass":       {"epcClass", "childEPCClass"},
	"MATCH_inputEPCClass":  {"inputEPCClass"},
	"MATCH_outputEPCClass": {"outputEPCClass"},
	"MATCH_anyEPCClass":    {"epcClass", "childEPCClass", "inputEPCClass", "outputEPCClass"},
}

// typedRefPrefixes are the parameter families whose name ends in a CBV type,
// with the term function for that vocabulary.
var typedRefPrefixes = []struct {
	param, role string
	term        func(string) string
}{
	{"EQ_bizTransaction_", "bizTransaction_", epcis.BizTransactionTypeTerm},
	{"EQ_source_", "source_", epcis.SourceDestTypeTerm},
	{"EQ_destination_", "destination_", epcis.SourceDestTypeTerm},
}

// compile adds every parameter, in name order so the SQL is stable.
func (f *epcisFilter) compile(params map[string][]string) error {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		values := params[name]
		if len(values) == 0 || (len(values) == 1 && values[0] == "" && !strings.HasPrefix(name, "EXISTS_")) {
			return lotledger.Errorf(lotledger.EINVALID, name, "%s needs a value", name)
		}
		if err := f.param(name, values); err != nil {
			return err
		}
	}
	if len(f.declared) > 0 {
		return f.declaredEvents()
	}
	return nil
}

// param adds one parameter.
func (f *epcisFilter) param(name string, values []string) error {
	switch name {
	case "eventType":
		f.in("x.event_type", mapValues(values, epcis.EventTypeName))
	case "GE_eventTime", "LT_eventTime":
		return f.eventTime(name, values)
	case "GE_recordTime", "LT_recordTime":
		return f.recordTime(name, values)
	case "EQ_action":
		return f.action(values)
	case "EQ_bizStep":
		f.in("x.biz_step", mapValues(values, epcis.BizStepTerm))
	case "EQ_disposition":
		f.in("x.disposition", mapValues(values, epcis.DispositionTerm))
	case "EQ_readPoint":
		f.in("x.read_point", mapValues(values, epcis.CanonicalID))
	case "EQ_bizLocation":
		f.in("x.biz_location", mapValues(values, epcis.CanonicalID))
	case "WD_readPoint":
		return f.withDescendants("x.read_point", name, values)
	case "WD_bizLocation":
		return f.withDescendants("x.biz_location", name, values)
	case "EQ_eventID":
		f.eventIDs(values)
	case "EQ_persistentDisposition_set":
		f.refs([]string{roleDispositionSet}, mapValues(values, epcis.DispositionTerm), nil)
	case "EQ_persistentDisposition_unset":
		f.refs([]string{roleDispositionUnset}, mapValues(values, epcis.DispositionTerm), nil)
	case "EQ_transformationID":
		f.refs([]string{"transformationID"}, mapValues(values, epcis.CanonicalID), nil)
	case "EXISTS_errorDeclaration":
		f.add("x.error_declared = 1")
	case "EQ_errorReason", "EQ_correctiveEventID", "GE_errorDeclarationTime", "LT_errorDeclarationTime":
		return f.declaration(name, values)
	default:
		return f.familyParam(name, values)
	}
	return nil
}

// familyParam adds a MATCH_ parameter or one whose name carries a type.
func (f *epcisFilter) familyParam(name string, values []string) error {
	if roles, ok := matchRoles[name]; ok {
		return f.match(name, roles, values)
	}
	for _, p := range typedRefPrefixes {
		if typ, ok := strings.CutPrefix(name, p.param); ok && typ != "" {
			f.refs([]string{p.role + p.term(typ)}, mapValues(values, epcis.CanonicalID), nil)
			return nil
		}
	}
	if ok, err := f.quantityParam(name, values); ok {
		return err
	}
	if ok, err := f.sensorParam(name, values); ok {
		return err
	}
	if ok, err := f.masterParam(name, values); ok {
		return err
	}
	if ok, err := f.fieldParam(name, values); ok {
		return err
	}
	return lotledger.Errorf(lotledger.EINVALID, name, "%s is not a query parameter this repository supports", name)
}

// in adds "col IN (values)".
func (f *epcisFilter) in(col string, values []string) {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	f.add(col+" IN ("+placeholders(len(values))+")", args...)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func mapValues(values []string, fn func(string) string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fn(strings.TrimSpace(v))
	}
	return out
}

// oneTime reads the single time value of a GE_ or LT_ parameter.
func oneTime(name string, values []string) (time.Time, error) {
	if len(values) != 1 {
		return time.Time{}, lotledger.Errorf(lotledger.EINVALID, name, "%s takes one time, not %d", name, len(values))
	}
	return lotledger.ParseTime(name, strings.TrimSpace(values[0]))
}

func (f *epcisFilter) eventTime(name string, values []string) error {
	t, err := oneTime(name, values)
	if err != nil {
		return err
	}
	f.add("x.event_time "+comparison(name)+" ?", formatEPCISTime(t))
	return nil
}

// recordTime filters on the time the ledger recorded the event (the
// repository's record time, which EPCIS says the repository sets).
func (f *epcisFilter) recordTime(name string, values []string) error {
	t, err := oneTime(name, values)
	if err != nil {
		return err
	}
	bound := recordTimeBound(t)
	f.add("e.recorded_at "+comparison(name)+" ?", bound)
	if strings.HasPrefix(name, "GE_") {
		// No event before the first one recorded at or after t can match,
		// so the query starts there in ledger order, instead of reading
		// every match by record time and sorting them (a partner's first
		// poll, far back: 0.3 s a page at 1M events, now 0.06 s). None
		// means nothing matches.
		f.add("x.seq >= COALESCE("+f.store.firstRecordedSQL("?")+", 9223372036854775807)", bound)
	}
	return nil
}

// recordTimeBound is t as recorded_at is compared with: the ledger keeps
// microseconds, so a stored time is before t exactly when it is before t
// rounded up to the microsecond.
func recordTimeBound(t time.Time) string {
	if r := t.Truncate(timeResolution); !r.Equal(t) {
		t = r.Add(timeResolution)
	}
	return formatTime(t)
}

// firstRecordedSQL is a scalar subquery: the sequence number of the first
// event recorded at or after the time bound to placeholder ph (a
// recordTimeBound), NULL when there is none. It is found in the index of
// record times alone (SQLite is told to use it: its own choice walked the
// events in sequence order), exact whatever order times were recorded in.
func (s *Store) firstRecordedSQL(ph string) string {
	from := `SELECT seq FROM events INDEXED BY events_recorded WHERE recorded_at >= ` + ph
	if s.postgres {
		from = `SELECT seq FROM events WHERE recorded_at >= ` + ph + ` OFFSET 0`
	}
	return "(SELECT MIN(r.seq) FROM (" + from + ") AS r)"
}

func comparison(name string) string {
	if strings.HasPrefix(name, "GE_") {
		return ">="
	}
	return "<"
}

func (f *epcisFilter) action(values []string) error {
	for _, v := range values {
		if v != "ADD" && v != "OBSERVE" && v != "DELETE" {
			return lotledger.Errorf(lotledger.EINVALID, "EQ_action", "action %q is not ADD, OBSERVE or DELETE", v)
		}
	}
	f.in("x.action", values)
	return nil
}

// eventIDs matches the event's id or its CBV 2.0 hash.
func (f *epcisFilter) eventIDs(values []string) {
	ids := mapValues(values, func(v string) string { return v })
	for _, v := range ids {
		if isEventHash(v) {
			f.byHash = true
		}
	}
	cond, args := f.store.byEventID(ids, false)
	for _, id := range ids {
		args = append(args, id)
	}
	f.add("("+cond+" OR x.event_hash IN ("+placeholders(len(ids))+"))", args...)
}

// withDescendants adds a WD_ parameter: the event is at one of the
// locations named, or at a location below one of them in lotledger's
// locations (a site's zones and bins) or in captured master data (an
// element's children, and theirs), or at a sub-location of a named GLN
// (its GLN extension, .../414/{gln}/254/{ext}). An identifier lotledger
// does not know matches itself.
func (f *epcisFilter) withDescendants(col, name string, values []string) (err error) {
	locs, err := f.store.locationTree(f.ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	byID := map[string]int64{}
	for id, l := range locs {
		for _, u := range l.ids {
			byID[u] = id
		}
	}
	var exact, prefixes []string
	seen := map[int64]bool{}
	var walk func(id int64)
	walk = func(id int64) {
		if seen[id] {
			return
		}
		seen[id] = true
		exact = append(exact, locs[id].ids...)
		for _, c := range locs[id].children {
			walk(c)
		}
	}
	for _, v := range mapValues(values, epcis.CanonicalID) {
		exact = append(exact, v)
		if strings.HasPrefix(v, "https://id.gs1.org/414/") && !strings.Contains(strings.TrimPrefix(v, "https://id.gs1.org/414/"), "/") {
			prefixes = append(prefixes, v+"/254/")
		}
		if id, ok := byID[v]; ok {
			walk(id)
		}
	}
	if exact, err = f.withMasterChildren(exact); err != nil {
		return fmt.Errorf("%s: read master data: %w", name, err)
	}
	args := make([]any, 0, len(exact)+len(prefixes))
	for _, v := range exact {
		args = append(args, v)
	}
	alts := []string{col + " IN (" + placeholders(len(exact)) + ")"}
	for _, p := range prefixes {
		alts = append(alts, f.prefixCond(col))
		args = append(args, f.prefixArg(p))
	}
	f.add("("+strings.Join(alts, " OR ")+")", args...)
	return nil
}

// declaration reads a parameter about an event's error declaration: the
// event was declared in error, and its declaration (the latest, the one a
// query shows on it) has one of the reasons or corrective events given, or
// was made at or after, or before, the time given.
func (f *epcisFilter) declaration(name string, values []string) error {
	switch name {
	case "EQ_errorReason":
		reasons := mapValues(values, epcis.ErrorReasonTerm)
		f.declared = append(f.declared, func(d *epcis.Event) bool { return slices.Contains(reasons, d.ErrorDeclaration.Reason) })
	case "EQ_correctiveEventID":
		ids := mapValues(values, func(v string) string { return v })
		f.declared = append(f.declared, func(d *epcis.Event) bool {
			return slices.ContainsFunc(d.ErrorDeclaration.CorrectiveEventIDs, func(id string) bool { return slices.Contains(ids, id) })
		})
	default: // GE_ or LT_errorDeclarationTime
		t, err := oneTime(name, values)
		if err != nil {
			return err
		}
		ge := strings.HasPrefix(name, "GE_")
		f.declared = append(f.declared, func(d *epcis.Event) bool { return d.ErrorDeclaration.DeclarationTime.Before(t) != ge })
	}
	return nil
}

// declaredEvents turns the conditions on declarations into the events they
// select. Declarations are few (a correction is rare), so each one is read
// and its conditions checked here, and the events are then found by id. An
// event's declaration is the latest: one that came after it (recorded in
// error_declarations), or else the one it was captured with.
func (f *epcisFilter) declaredEvents() error {
	// Two reads, each led by its own small table or index (CROSS JOIN
	// keeps SQLite from walking every event instead; a UNION sorted by seq
	// did too).
	type declaration struct {
		seq int64
		id  string
		ev  *epcis.Event
	}
	var decls []declaration
	for _, q := range []string{
		`SELECT e.seq, e.event_id, e.epcis FROM epcis_events x CROSS JOIN events e WHERE e.seq = x.seq AND x.error_declared = 1`,
		`SELECT d.seq, ed.event_id, d.epcis FROM error_declarations ed CROSS JOIN events d WHERE d.seq = ed.seq`,
	} {
		rows, err := f.store.rdb.QueryContext(f.ctx, q)
		if err != nil {
			return fmt.Errorf("read error declarations: %w", err)
		}
		for rows.Next() {
			var d declaration
			var doc string
			if err := rows.Scan(&d.seq, &d.id, &doc); err != nil {
				rows.Close()
				return fmt.Errorf("read error declarations: %w", err)
			}
			if ev, err := epcis.DecodeEvent([]byte(doc)); err == nil && ev.ErrorDeclaration != nil {
				d.ev = &ev
				decls = append(decls, d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read error declarations: %w", err)
		}
	}
	slices.SortFunc(decls, func(a, b declaration) int { return cmp.Compare(a.seq, b.seq) })
	latest := map[string]*epcis.Event{}
	for _, d := range decls {
		latest[d.id] = d.ev
	}
	var ids []string
	for id, d := range latest {
		if !slices.ContainsFunc(f.declared, func(ok func(*epcis.Event) bool) bool { return !ok(d) }) {
			ids = append(ids, id)
		}
	}
	f.add("x.error_declared = 1")
	if len(ids) == 0 {
		f.add("1 = 0")
		return nil
	}
	sort.Strings(ids)
	cond, args := f.store.byEventID(ids, false)
	f.add(cond, args...)
	return nil
}
