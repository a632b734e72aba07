package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// Master data from captured documents (migrations/0020_epcis_master_data.sql).

// saveMasterData records the vocabulary elements of a captured document,
// in its transaction: each element the document lists replaces what
// earlier documents said of it. An element listed twice in the document
// keeps the attributes and children of both mentions, in document order.
func (w *writer) saveMasterData(captureID string, els []epcis.VocabularyElement) error {
	if len(els) == 0 {
		return nil
	}
	var order []string
	byID := map[string]*epcis.VocabularyElement{}
	for i := range els {
		el := &els[i]
		if seen := byID[el.ID]; seen != nil {
			merged := *seen
			merged.Attributes = append(slices.Clip(seen.Attributes), el.Attributes...)
			merged.Children = append(slices.Clip(seen.Children), el.Children...)
			byID[el.ID] = &merged
			continue
		}
		order = append(order, el.ID)
		byID[el.ID] = el
	}
	at := formatTime(w.now)
	for _, id := range order {
		el := byID[id]
		if err := w.saveElement(captureID, at, el); err != nil {
			return fmt.Errorf("record master data of %s: %w", el.Written, err)
		}
	}
	return nil
}

func (w *writer) saveElement(captureID, at string, el *epcis.VocabularyElement) error {
	for _, q := range []string{`DELETE FROM epcis_master_attributes WHERE element = $1`, `DELETE FROM epcis_master_children WHERE element = $1`} {
		if _, err := w.exec(q, el.ID); err != nil {
			return err
		}
	}
	if _, err := w.exec(`INSERT INTO epcis_master_elements (element, vocabulary, written, capture_id, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (element) DO UPDATE SET vocabulary = excluded.vocabulary, written = excluded.written, capture_id = excluded.capture_id, updated_at = excluded.updated_at`,
		el.ID, el.Type, el.Written, captureID, at); err != nil {
		return err
	}
	for n, a := range el.Attributes {
		if _, err := w.exec(`INSERT INTO epcis_master_attributes (element, n, attribute, alias, value, value_key) VALUES ($1, $2, $3, $4, $5, $6)`,
			el.ID, n, a.IRI, a.Alias, string(a.Value), a.Key); err != nil {
			return err
		}
	}
	for _, c := range el.Children {
		if _, err := w.exec(`INSERT INTO epcis_master_children (element, child) VALUES ($1, $2) ON CONFLICT DO NOTHING`, el.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// masterFields are the event fields whose values are vocabulary elements,
// as EQ_ATTR_ and HASATTR_ name them: a column of the EPCIS index, the
// identifier roles of epcis_refs, or, for a source or destination of any
// type (owning_party, location, ...), the prefix of its roles there.
var masterFields = map[string]struct {
	col        string
	roles      []string
	rolePrefix string
}{
	"readPoint":   {col: "x.read_point"},
	"bizLocation": {col: "x.biz_location"},
	"bizStep":     {col: "x.biz_step"},
	"disposition": {col: "x.disposition"},
	"epcClass":    {roles: matchRoles["MATCH_anyEPCClass"]},
	"epc":         {roles: matchRoles["MATCH_anyEPC"]},
	"source":      {rolePrefix: "source_"},
	"destination": {rolePrefix: "destination_"},
}

// masterParam adds an EQ_ATTR_{field}_{attribute} or HASATTR_{field}
// parameter: the event's field is an element whose master data has the
// attribute with one of the values (EQ_ATTR_), or has one of the
// attributes named (HASATTR_). ok is false for any other parameter.
func (f *epcisFilter) masterParam(name string, values []string) (ok bool, err error) {
	var field, attr string
	if rest, found := strings.CutPrefix(name, "EQ_ATTR_"); found {
		field, attr, _ = strings.Cut(rest, "_")
		if attr == "" {
			return true, lotledger.Errorf(lotledger.EINVALID, name, "%s names no attribute: EQ_ATTR_{field}_{attribute}, for example EQ_ATTR_bizLocation_cbvmda:name", name)
		}
	} else if field, found = strings.CutPrefix(name, "HASATTR_"); !found {
		return false, nil
	}
	target, known := masterFields[field]
	if !known {
		return true, lotledger.Errorf(lotledger.EINVALID, name, "%s: %q is not a field whose values have master data (readPoint, bizLocation, bizStep, disposition, epcClass, epc, source, destination)", name, field)
	}
	var cond string
	var args []any
	var keys []string
	if attr != "" {
		cond, args = attributeCond(attr)
		for _, v := range values {
			keys = append(keys, epcis.AttributeKeys(strings.TrimSpace(v))...)
		}
		cond += " AND m.value_key IN (" + placeholders(len(keys)) + ")"
		for _, k := range keys {
			args = append(args, k)
		}
	} else {
		var alts []string
		for _, v := range values {
			c, a := attributeCond(strings.TrimSpace(v))
			alts = append(alts, "("+c+")")
			args = append(args, a...)
		}
		cond = strings.Join(alts, " OR ")
	}
	elements := "SELECT m.element FROM epcis_master_attributes m WHERE " + cond
	// The elements are looked up first: a list of them lets the query use
	// the index of its field as EQ_bizLocation does (one site of 34, at a
	// million events: 2 ms against 15 ms through a subquery). Past
	// masterListMax elements the subquery stays, within the databases'
	// limits on parameters.
	ids, err := f.masterElements(elements, args)
	if err != nil {
		return true, fmt.Errorf("%s: read master data: %w", name, err)
	}
	// lotledger's own locations, items and parties describe themselves too
	// (epcismasterown.go).
	own, err := f.ownMasterMatches(field, attr, keys, mapValues(values, strings.TrimSpace))
	if err != nil {
		return true, fmt.Errorf("%s: %w", name, err)
	}
	if len(ids)+len(own) == 0 {
		f.add("0 = 1")
		return true, nil
	}
	col := target.col
	if col == "" {
		col = "r.uri"
	}
	var alts []string
	var altArgs []any
	switch {
	case len(ids) > masterListMax:
		alts, altArgs = append(alts, col+" IN ("+elements+")"), args
	case len(ids) > 0:
		alts, altArgs = append(alts, col+" IN ("+placeholders(len(ids))+")"), anys(ids)
	}
	switch {
	case len(own) > masterListMax: // thousands of parties
		alts, altArgs = append(alts, f.store.textIn(col, "?")), append(altArgs, f.store.textList(own))
	case len(own) > 0:
		alts, altArgs = append(alts, col+" IN ("+placeholders(len(own))+")"), append(altArgs, anys(own)...)
	}
	// What master data says of a trade item (…/01/{gtin}, or
	// urn:lotledger:class:{sku}) it says of the item's lots and instances,
	// as GS1's class patterns (urn:epc:idpat:sgtin:…*) do. Past
	// masterListMax elements, only the listed ones are matched.
	if field == "epcClass" || field == "epc" {
		items := own
		if len(ids) <= masterListMax {
			items = append(slices.Clip(ids), own...)
		}
		for _, id := range items {
			for _, p := range epcis.ItemMembers(id) {
				alts, altArgs = append(alts, f.prefixCond(col)), append(altArgs, f.prefixArg(p))
			}
		}
	}
	where := "(" + strings.Join(alts, " OR ") + ")"
	switch {
	case target.col != "":
		f.add(where, altArgs...)
	case target.rolePrefix != "":
		f.add("x.seq IN (SELECT r.seq FROM epcis_refs r WHERE "+f.prefixCond("r.role")+" AND "+where+")",
			append([]any{f.prefixArg(target.rolePrefix)}, altArgs...)...)
	default:
		f.refsWhere(target.roles, where, altArgs...)
	}
	return true, nil
}

// masterListMax is the most elements a master data parameter lists in its
// query; more are matched by a subquery.
const masterListMax = 500

// masterElements runs query, a SELECT of elements with "?" placeholders,
// and returns up to masterListMax+1 distinct elements.
func (f *epcisFilter) masterElements(query string, args []any) ([]string, error) {
	for i := range args {
		query = strings.Replace(query, "?", "$"+strconv.Itoa(i+1), 1)
	}
	return queryColumn[string](f.ctx, f.store, "SELECT DISTINCT element FROM ("+query+") AS e LIMIT "+strconv.Itoa(masterListMax+1), args...)
}

// attributeCond is the condition on m, a row of epcis_master_attributes,
// that its attribute is the one named: by IRI (cbvmda:name, or the IRI
// itself), or, for a prefix only a document's context defines, by the
// name as the document wrote it.
func attributeCond(name string) (string, []any) {
	if iri, known := epcis.ExpandFieldName(name); known {
		return "m.attribute = ?", []any{iri}
	}
	return "(m.alias = ? OR m.attribute = ?)", []any{name, name}
}

// masterChildren are the children master data gives each element.
func (s *Store) masterChildren(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	err := scanRows(ctx, s.rdb, `SELECT element, child FROM epcis_master_children`, nil, func(r *sql.Rows) error {
		var el, child string
		if err := r.Scan(&el, &child); err != nil {
			return err
		}
		out[el] = append(out[el], child)
		return nil
	})
	return out, err
}

// withMasterChildren adds to ids the elements below them in master data,
// at any depth, each once.
func (f *epcisFilter) withMasterChildren(ids []string) ([]string, error) {
	children, err := f.store.masterChildren(f.ctx)
	if err != nil || len(children) == 0 {
		return ids, err
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	for i := 0; i < len(ids); i++ {
		for _, c := range children[ids[i]] {
			if !seen[c] {
				seen[c] = true
				ids = append(ids, c)
			}
		}
	}
	return ids, nil
}

// MasterDataIDs returns the identifiers of every vocabulary element the
// ledger has master data for, captured or its own (locations, items and
// parties), in the spelling of epcis.VocabularyElement.ID.
func (s *Store) MasterDataIDs(ctx context.Context) (map[string]bool, error) {
	captured, err := queryColumn[string](ctx, s, `SELECT element FROM epcis_master_elements`)
	if err != nil {
		return nil, fmt.Errorf("read master data: %w", err)
	}
	own, err := s.ownMasterData(ctx, ownAll)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(captured)+len(own))
	for _, id := range captured {
		out[id] = true
	}
	for id := range own {
		out[id] = true
	}
	return out, nil
}

// MasterData returns what the ledger's master data says of the elements
// ids names: each element captured master data describes, with its
// attributes in their order and its children, and else each of lotledger's
// own locations, items and parties (epcismasterown.go); ordered by
// vocabulary and identifier.
// An identifier without master data is left out.
func (s *Store) MasterData(ctx context.Context, ids []string) ([]epcis.VocabularyElement, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	// One read transaction: an element, its attributes and its children as
	// one capture left them.
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("read master data: %w", err)
	}
	defer tx.Rollback()
	byID := map[string]*epcis.VocabularyElement{}
	var out []*epcis.VocabularyElement
	for start := 0; start < len(ids); start += masterListMax {
		part := ids[start:min(len(ids), start+masterListMax)]
		in, args := "IN ("+inListFrom(1, len(part))+")", anys(part)
		err := scanRows(ctx, tx, `SELECT element, vocabulary, written FROM epcis_master_elements WHERE element `+in, args, func(r *sql.Rows) error {
			el := &epcis.VocabularyElement{}
			if err := r.Scan(&el.ID, &el.Type, &el.Written); err != nil {
				return err
			}
			byID[el.ID], out = el, append(out, el)
			return nil
		})
		if err == nil {
			err = scanRows(ctx, tx, `SELECT element, attribute, alias, value, value_key FROM epcis_master_attributes WHERE element `+in+` ORDER BY element, n`, args, func(r *sql.Rows) error {
				var id, value string
				var a epcis.VocabularyAttribute
				err := r.Scan(&id, &a.IRI, &a.Alias, &value, &a.Key)
				if el := byID[id]; el != nil && err == nil {
					a.Value = json.RawMessage(value)
					el.Attributes = append(el.Attributes, a)
				}
				return err
			})
		}
		if err == nil {
			err = scanRows(ctx, tx, `SELECT element, child FROM epcis_master_children WHERE element `+in+` ORDER BY element, child`, args, func(r *sql.Rows) error {
				var id, child string
				err := r.Scan(&id, &child)
				if el := byID[id]; el != nil && err == nil {
					el.Children = append(el.Children, child)
				}
				return err
			})
		}
		if err != nil {
			return nil, fmt.Errorf("read master data: %w", err)
		}
	}
	own, err := s.ownMasterData(ctx, ownAll)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if el, ok := own[id]; ok && byID[id] == nil {
			out = append(out, &el)
		}
	}
	slices.SortFunc(out, func(a, b *epcis.VocabularyElement) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
	})
	els := make([]epcis.VocabularyElement, len(out))
	for i, el := range out {
		els[i] = *el
	}
	return els, nil
}
