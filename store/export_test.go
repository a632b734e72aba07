package store

import "context"

// OpenAtVersion opens a database migrated up to version only, as an older
// lotledger left it.
func OpenAtVersion(ctx context.Context, dsn string, version int) (*Store, error) {
	return open(ctx, dsn, Options{}, version)
}
