package store

import (
	"context"
	"path/filepath"
	"testing"

	"lotledger"
)

// TestOwnMasterData_ManyParties: a master data parameter that lotledger's
// own parties match by the tens of thousands (every party has a name, and
// with a GLN two identifiers) is answered, where a parameter of its own for
// each identifier passed SQLite's limit on a statement's parameters.
func TestOwnMasterData_ManyParties(t *testing.T) {
	ctx := lotledger.WithUser(context.Background(), "test")
	s, err := Open(ctx, filepath.Join(t.TempDir(), "lotledger.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateLocation(ctx, lotledger.Location{Code: "DC1", Name: "DC"}); err != nil {
		t.Fatal(err)
	}
	const n = 20_000 // 40,000 identifiers with their GLNs
	if _, err := s.wdb.ExecContext(ctx, `WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < ?)
		INSERT INTO parties (code, name, kind, gln) SELECT 'C' || k, 'Customer ' || k, 'customer', printf('9%012d', k) FROM i`, n); err != nil {
		t.Fatal(err)
	}
	for _, params := range []map[string][]string{
		{"HASATTR_destination": {"cbvmda:name"}},
		{"EQ_ATTR_source_cbvmda:name": {"Customer 7"}},
	} {
		res, err := s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: params})
		if err != nil {
			t.Fatalf("%v: %v", params, err)
		}
		if len(res.Events) != 0 {
			t.Errorf("%v: %d events, want none (no event names a party)", params, len(res.Events))
		}
	}
}
