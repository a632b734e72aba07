package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"lotledger/epcis"
)

// lotledger's own locations, items and parties as master data. Each is
// described under each identifier its events may name it by (epcis.LocationIDs,
// epcis.ItemClassIDs, epcis.PartyIDs):
//   - a location as a business location with its name (cbvmda:name) and the
//     identifiers of the locations directly below it as children;
//   - an item as an EPC class with its name (cbvmda:descriptionShort), which
//     parameters on epcClass and epc apply to its lots and instances too
//     (masterParam);
//   - a party (a source or destination) with its name (cbvmda:name).
// Where captured master data describes the same identifier, that
// description stands instead: it is what a partner said of the element.

const (
	vtypeBusinessLocation = "urn:epcglobal:epcis:vtype:BusinessLocation"
	vtypeEPCClass         = "urn:epcglobal:epcis:vtype:EPCClass"
	vtypeSourceDest       = "urn:epcglobal:epcis:vtype:SourceDest"
	cbvmdaName            = "urn:epcglobal:cbv:mda:name"
	cbvmdaDescription     = "urn:epcglobal:cbv:mda:descriptionShort"
)

// locationNode is one of lotledger's locations in its hierarchy.
type locationNode struct {
	ids      []string // its identifiers (epcis.LocationIDs)
	name     string
	parent   int64
	children []int64
}

// locationTree reads lotledger's locations with their identifiers, parents
// and children, by id.
func (s *Store) locationTree(ctx context.Context) (map[int64]*locationNode, error) {
	locs := map[int64]*locationNode{}
	err := scanRows(ctx, s.rdb, `SELECT id, code, name, COALESCE(gln, ''), COALESCE(parent_id, 0) FROM locations`, nil, func(r *sql.Rows) error {
		var id, parent int64
		var code, name, gln string
		if err := r.Scan(&id, &code, &name, &gln, &parent); err != nil {
			return err
		}
		locs[id] = &locationNode{ids: epcis.LocationIDs(code, gln), name: name, parent: parent}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read locations: %w", err)
	}
	for id, l := range locs {
		if p := locs[l.parent]; p != nil {
			p.children = append(p.children, id)
		}
	}
	return locs, nil
}

// What ownMasterData reads.
const (
	ownLocations = 1 << iota
	ownItems
	ownParties
	ownAll = ownLocations | ownItems | ownParties
)

// ownMasterData returns lotledger's locations, items and parties as
// master data, by identifier: those of the kinds asked for (ownLocations,
// ...), so that a query on locations reads no parties.
func (s *Store) ownMasterData(ctx context.Context, kinds int) (map[string]epcis.VocabularyElement, error) {
	out := map[string]epcis.VocabularyElement{}
	named := func(iri, name string) []epcis.VocabularyAttribute {
		v, _ := json.Marshal(name)
		return []epcis.VocabularyAttribute{{IRI: iri, Value: v, Key: "s:" + name}}
	}
	var locs map[int64]*locationNode
	var err error
	if kinds&ownLocations != 0 {
		if locs, err = s.locationTree(ctx); err != nil {
			return nil, err
		}
	}
	for _, l := range locs {
		var children []string
		for _, c := range l.children {
			children = append(children, locs[c].ids...)
		}
		slices.Sort(children)
		attrs := named(cbvmdaName, l.name)
		for _, id := range l.ids {
			out[id] = epcis.VocabularyElement{Type: vtypeBusinessLocation, ID: id, Written: id, Attributes: attrs, Children: children}
		}
	}
	// An item or a party: its code, name and GS1 key, described under ids.
	keyed := func(query, vtype, iri string, ids func(code, key string) []string) error {
		return scanRows(ctx, s.rdb, query, nil, func(r *sql.Rows) error {
			var code, name, key string
			if err := r.Scan(&code, &name, &key); err != nil {
				return err
			}
			attrs := named(iri, name)
			for _, id := range ids(code, key) {
				out[id] = epcis.VocabularyElement{Type: vtype, ID: id, Written: id, Attributes: attrs}
			}
			return nil
		})
	}
	if kinds&ownItems != 0 {
		err = keyed(`SELECT sku, name, COALESCE(gtin, '') FROM items`, vtypeEPCClass, cbvmdaDescription,
			func(sku, gtin string) []string { return epcis.ItemClassIDs(gtin, sku) })
	}
	if err == nil && kinds&ownParties != 0 {
		err = keyed(`SELECT code, name, COALESCE(gln, '') FROM parties`, vtypeSourceDest, cbvmdaName, epcis.PartyIDs)
	}
	if err != nil {
		return nil, fmt.Errorf("read own master data: %w", err)
	}
	return out, nil
}

// ownMasterMatches returns the identifiers of lotledger's own elements
// of field (readPoint and bizLocation: locations; epcClass and epc: items;
// source and destination: parties and locations) whose master data matches a master data parameter: the attribute attr
// with one of keys (EQ_ATTR_), or, without attr, one of the attributes
// named (HASATTR_). Identifiers captured master data describes are left
// out.
func (f *epcisFilter) ownMasterMatches(field, attr string, keys, named []string) ([]string, error) {
	var kind int
	switch field {
	case "readPoint", "bizLocation":
		kind = ownLocations
	case "epc", "epcClass":
		kind = ownItems
	case "source", "destination": // an owning or possessing party, or a location
		kind = ownParties | ownLocations
	default:
		return nil, nil
	}
	own, err := f.store.ownMasterData(f.ctx, kind)
	if err != nil {
		return nil, err
	}
	var ids []string
	for id, el := range own {
		for _, a := range el.Attributes {
			if attr != "" && attributeNamed(a, attr) && slices.Contains(keys, a.Key) ||
				attr == "" && slices.ContainsFunc(named, func(n string) bool { return attributeNamed(a, n) }) {
				ids = append(ids, id)
				break
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	captured, err := queryColumn[string](f.ctx, f.store, `SELECT element FROM epcis_master_elements WHERE `+f.store.textIn("element", "$1"), f.store.textList(ids))
	if err != nil {
		return nil, fmt.Errorf("read master data: %w", err)
	}
	described := make(map[string]bool, len(captured))
	for _, id := range captured {
		described[id] = true
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return described[id] })
	slices.Sort(ids)
	return ids, nil
}

// attributeNamed is attributeCond in Go: a is the attribute name names.
func attributeNamed(a epcis.VocabularyAttribute, name string) bool {
	if iri, known := epcis.ExpandFieldName(name); known {
		return a.IRI == iri
	}
	return a.Alias == name || a.IRI == name
}
