package store

import "context"

// OpenAtVersion opens a database migrated up to version only, as an older
// lotledger left it.
func OpenAtVersion(ctx context.Context, dsn string, version int) (*Store, error) {
	return open(ctx, dsn, Options{}, version)
}

// GroupPending is how many grouped writes wait for the committer or are
// being committed.
func GroupPending(s *Store) int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.waiting) + s.group.committing
}

// SetSnapshotPart sets the size of a scope snapshot's parts until the test
// ends.
func SetSnapshotPart(t interface{ Cleanup(func()) }, n int) {
	old := snapshotPart
	snapshotPart = n
	t.Cleanup(func() { snapshotPart = old })
}

// SetKeysMergeAt sets how many recent event keys are merged at once until
// the test ends.
func SetKeysMergeAt(t interface{ Cleanup(func()) }, n int64) {
	old := keysMergeAt
	keysMergeAt = n
	t.Cleanup(func() { keysMergeAt = old })
}

// KeyFilterLoads is how many times s loaded its filter of event keys whole.
func KeyFilterLoads(s *Store) int {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	return s.keys.loaded
}

// SetRebuildChunk sets how many events Rebuild reads at a time until the
// test ends.
func SetRebuildChunk(t interface{ Cleanup(func()) }, n int) {
	old := rebuildChunk
	rebuildChunk = n
	t.Cleanup(func() { rebuildChunk = old })
}

// SetEPCISScanWindow sets how many events per page an EPCIS query first
// looks among, with no least number, until the test ends.
func SetEPCISScanWindow(t interface{ Cleanup(func()) }, n int) {
	oldWindow, oldMin := epcisScanWindow, epcisScanMin
	epcisScanWindow, epcisScanMin = n, 0
	t.Cleanup(func() { epcisScanWindow, epcisScanMin = oldWindow, oldMin })
}

// SetIdentifierScan sets how many identifiers a page of GET /epcis/epcs
// reads at most until the test ends.
func SetIdentifierScan(t interface{ Cleanup(func()) }, n int) {
	old := identifierScan
	identifierScan = n
	t.Cleanup(func() { identifierScan = old })
}
