package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"lotledger/epcis"
)

// lotledger's own locations as master data. A location is described under
// each of its identifiers (urn:lotledger:location:{code} and, with a GLN,
// the GLN's Digital Link) as a business location with its name
// (cbvmda:name) and the identifiers of the locations directly below it as
// children. Where captured master data describes the same identifier, that
// description stands instead: it is what a partner said of the element.

const (
	vtypeBusinessLocation = "urn:epcglobal:epcis:vtype:BusinessLocation"
	cbvmdaName            = "urn:epcglobal:cbv:mda:name"
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

// ownLocations returns lotledger's locations as master data, by identifier.
func (s *Store) ownLocations(ctx context.Context) (map[string]epcis.VocabularyElement, error) {
	locs, err := s.locationTree(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]epcis.VocabularyElement, 2*len(locs))
	for _, l := range locs {
		var children []string
		for _, c := range l.children {
			children = append(children, locs[c].ids...)
		}
		slices.Sort(children)
		name, _ := json.Marshal(l.name)
		attrs := []epcis.VocabularyAttribute{{IRI: cbvmdaName, Value: name, Key: "s:" + l.name}}
		for _, id := range l.ids {
			out[id] = epcis.VocabularyElement{Type: vtypeBusinessLocation, ID: id, Written: id, Attributes: attrs, Children: children}
		}
	}
	return out, nil
}

// ownMasterMatches returns the identifiers of lotledger's locations whose
// own master data matches a master data parameter: the attribute attr with
// one of keys (EQ_ATTR_), or, without attr, one of the attributes named
// (HASATTR_). Identifiers captured master data describes are left out.
func (f *epcisFilter) ownMasterMatches(attr string, keys, named []string) ([]string, error) {
	own, err := f.store.ownLocations(f.ctx)
	if err != nil || len(own) == 0 {
		return nil, err
	}
	var out []string
	for id, el := range own {
		for _, a := range el.Attributes {
			if attr != "" && attributeNamed(a, attr) && slices.Contains(keys, a.Key) ||
				attr == "" && slices.ContainsFunc(named, func(n string) bool { return attributeNamed(a, n) }) {
				out = append(out, id)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	captured, err := queryColumn[string](f.ctx, f.store, `SELECT element FROM epcis_master_elements WHERE element IN (`+inListFrom(1, len(out))+`)`, anys(out)...)
	if err != nil {
		return nil, fmt.Errorf("read master data: %w", err)
	}
	out = slices.DeleteFunc(out, func(id string) bool { return slices.Contains(captured, id) })
	slices.Sort(out)
	return out, nil
}

// attributeNamed is attributeCond in Go: a is the attribute name names.
func attributeNamed(a epcis.VocabularyAttribute, name string) bool {
	if iri, known := epcis.ExpandFieldName(name); known {
		return a.IRI == iri
	}
	return a.Alias == name || a.IRI == name
}
