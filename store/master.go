package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"lotledger"
)

// Master data (items, locations, parties) is created once and not changed by
// events, so each row is cached after its first read. Another process may
// add rows; a cache miss reads the database.

type itemRow struct {
	id int64
	lotledger.Item
}

type locRow struct {
	id int64
	lotledger.Location
}

type partyRow struct {
	id int64
	lotledger.Party
}

func (s *Store) resetCaches() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items, s.itemsByID = map[string]*itemRow{}, map[int64]*itemRow{}
	s.locs, s.locsByID = map[string]*locRow{}, map[int64]*locRow{}
	s.parties, s.partyByID = map[string]*partyRow{}, map[int64]*partyRow{}
	s.byGTIN, s.locByGLN, s.partyByGLNs = map[string]string{}, map[string]string{}, map[string]string{}
}

// cachedKey returns the code cached for a GS1 key, or "". Master data is
// never changed once created, so a key that named a code names it for good;
// a key not found is not remembered, since it may be created later.
func (s *Store) cachedKey(m map[string]string, key string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return m[key]
}

func (s *Store) cacheKey(m map[string]string, key, code string) {
	s.mu.Lock()
	m[key] = code
	s.mu.Unlock()
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// CreateItem adds an item; a duplicate SKU or GTIN is a conflict.
func (s *Store) CreateItem(ctx context.Context, it lotledger.Item) (*lotledger.Item, error) {
	if err := it.Validate(); err != nil {
		return nil, err
	}
	it.CreatedAt = s.now().UTC().Truncate(timeResolution)
	var gtin any
	if it.GTIN != "" {
		gtin = it.GTIN
	}
	var decimals any
	if it.Decimals != nil {
		decimals = *it.Decimals
	}
	_, err := s.wdb.ExecContext(ctx, `INSERT INTO items (sku, name, gtin, uom, decimals, shelf_life_days, tracking, lot_template, ftl, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		it.SKU, it.Name, gtin, it.UOM, decimals, it.ShelfLifeDays, it.Tracking, it.LotTemplate, boolInt(it.FTL), formatTime(it.CreatedAt))
	if isUniqueViolation(err) {
		if other, _ := s.item(ctx, s.rdb, it.SKU); other != nil {
			return nil, lotledger.Errorf(lotledger.ECONFLICT, "sku", "item %s already exists", it.SKU)
		}
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "gtin", "GTIN %s already belongs to another item", it.GTIN)
	}
	if err != nil {
		return nil, fmt.Errorf("create item: %w", err)
	}
	return &it, nil
}

// Item returns the item with sku.
func (s *Store) Item(ctx context.Context, sku string) (*lotledger.Item, error) {
	r, err := s.item(ctx, s.rdb, sku)
	if err != nil {
		return nil, err
	}
	it := r.Item
	return &it, nil
}

const itemColumns = `id, sku, name, COALESCE(gtin, ''), uom, decimals, shelf_life_days, tracking, lot_template, ftl, created_at`

func scanItem(sc interface{ Scan(...any) error }) (*itemRow, error) {
	var r itemRow
	var decimals sql.NullInt64
	var ftl int
	var created string
	err := sc.Scan(&r.id, &r.SKU, &r.Name, &r.GTIN, &r.UOM, &decimals, &r.ShelfLifeDays, &r.Tracking, &r.LotTemplate, &ftl, &created)
	if err != nil {
		return nil, err
	}
	if decimals.Valid {
		d := int(decimals.Int64)
		r.Decimals = &d
	}
	r.FTL = ftl == 1
	r.CreatedAt = parseTime(created)
	return &r, nil
}

// item returns the cached item row for sku, reading it through q on a miss.
func (s *Store) item(ctx context.Context, q querier, sku string) (*itemRow, error) {
	s.mu.RLock()
	r := s.items[sku]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	r, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE sku = $1`, sku))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "sku", "item %s does not exist", sku)
	}
	if err != nil {
		return nil, fmt.Errorf("read item: %w", err)
	}
	s.mu.Lock()
	s.items[sku], s.itemsByID[r.id] = r, r
	s.mu.Unlock()
	return r, nil
}

// Items lists items by SKU.
func (s *Store) Items(ctx context.Context, p lotledger.PageRequest) (*lotledger.Page[lotledger.Item], error) {
	limit, offset, err := pageBounds(p)
	if err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+itemColumns+` FROM items ORDER BY sku LIMIT $1 OFFSET $2`, limit+1, offset)
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	return collect(rows, limit, offset, func(rows *sql.Rows) (lotledger.Item, error) {
		r, err := scanItem(rows)
		if err != nil {
			return lotledger.Item{}, err
		}
		return r.Item, nil
	})
}

// CreateLocation adds a location under its parent; its site is the parent's site.
func (s *Store) CreateLocation(ctx context.Context, l lotledger.Location) (*lotledger.Location, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	var parentID any
	l.Site = l.Code
	if l.Parent != "" {
		p, err := s.location(ctx, s.rdb, l.Parent)
		if err != nil {
			return nil, unknown(err, "parent")
		}
		if p.Kind == lotledger.KindInTransit {
			return nil, lotledger.Errorf(lotledger.EINVALID, "parent", "in-transit location %s cannot have children", p.Code)
		}
		parentID, l.Site = p.id, p.Site
	}
	var gln any
	if l.GLN != "" {
		gln = l.GLN
	}
	_, err := s.wdb.ExecContext(ctx, `INSERT INTO locations (code, name, kind, parent_id, site, gln) VALUES ($1, $2, $3, $4, $5, $6)`,
		l.Code, l.Name, l.Kind, parentID, l.Site, gln)
	if isUniqueViolation(err) {
		if other, _ := s.location(ctx, s.rdb, l.Code); other != nil {
			return nil, lotledger.Errorf(lotledger.ECONFLICT, "code", "location %s already exists", l.Code)
		}
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "gln", "GLN %s already belongs to another location", l.GLN)
	}
	if err != nil {
		return nil, fmt.Errorf("create location: %w", err)
	}
	return &l, nil
}

const locColumns = `l.id, l.code, l.name, l.kind, COALESCE(p.code, ''), l.site, COALESCE(l.gln, '')`

func scanLoc(sc interface{ Scan(...any) error }) (*locRow, error) {
	var r locRow
	err := sc.Scan(&r.id, &r.Code, &r.Name, &r.Kind, &r.Parent, &r.Site, &r.GLN)
	return &r, err
}

func (s *Store) location(ctx context.Context, q querier, code string) (*locRow, error) {
	s.mu.RLock()
	r := s.locs[code]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	r, err := scanLoc(q.QueryRowContext(ctx, `SELECT `+locColumns+` FROM locations l LEFT JOIN locations p ON p.id = l.parent_id WHERE l.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "location", "location %s does not exist", code)
	}
	if err != nil {
		return nil, fmt.Errorf("read location: %w", err)
	}
	s.mu.Lock()
	s.locs[code], s.locsByID[r.id] = r, r
	s.mu.Unlock()
	return r, nil
}

// Locations lists locations by code.
func (s *Store) Locations(ctx context.Context, p lotledger.PageRequest) (*lotledger.Page[lotledger.Location], error) {
	limit, offset, err := pageBounds(p)
	if err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+locColumns+` FROM locations l LEFT JOIN locations p ON p.id = l.parent_id ORDER BY l.code LIMIT $1 OFFSET $2`, limit+1, offset)
	if err != nil {
		return nil, fmt.Errorf("list locations: %w", err)
	}
	return collect(rows, limit, offset, func(rows *sql.Rows) (lotledger.Location, error) {
		r, err := scanLoc(rows)
		return r.Location, err
	})
}

// CreateParty adds a supplier, customer or carrier.
func (s *Store) CreateParty(ctx context.Context, p lotledger.Party) (*lotledger.Party, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var gln any
	if p.GLN != "" {
		gln = p.GLN
	}
	_, err := s.wdb.ExecContext(ctx, `INSERT INTO parties (code, name, kind, gln, email, webhook_url) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.Code, p.Name, p.Kind, gln, p.Email, p.WebhookURL)
	if isUniqueViolation(err) {
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "code", "party %s already exists", p.Code)
	}
	if err != nil {
		return nil, fmt.Errorf("create party: %w", err)
	}
	return &p, nil
}

const partyColumns = `id, code, name, kind, COALESCE(gln, ''), email, webhook_url`

func scanParty(sc interface{ Scan(...any) error }) (*partyRow, error) {
	var r partyRow
	err := sc.Scan(&r.id, &r.Code, &r.Name, &r.Kind, &r.GLN, &r.Email, &r.WebhookURL)
	return &r, err
}

func (s *Store) party(ctx context.Context, q querier, code string) (*partyRow, error) {
	s.mu.RLock()
	r := s.parties[code]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	r, err := scanParty(q.QueryRowContext(ctx, `SELECT `+partyColumns+` FROM parties WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "party", "party %s does not exist", code)
	}
	if err != nil {
		return nil, fmt.Errorf("read party: %w", err)
	}
	s.mu.Lock()
	s.parties[code], s.partyByID[r.id] = r, r
	s.mu.Unlock()
	return r, nil
}

// Parties lists parties by code.
func (s *Store) Parties(ctx context.Context, p lotledger.PageRequest) (*lotledger.Page[lotledger.Party], error) {
	limit, offset, err := pageBounds(p)
	if err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+partyColumns+` FROM parties ORDER BY code LIMIT $1 OFFSET $2`, limit+1, offset)
	if err != nil {
		return nil, fmt.Errorf("list parties: %w", err)
	}
	return collect(rows, limit, offset, func(rows *sql.Rows) (lotledger.Party, error) {
		r, err := scanParty(rows)
		return r.Party, err
	})
}

// unknown turns a not-found error about a reference in a request body into
// unknown_reference naming the request's field.
func unknown(err error, field string) error {
	if e := lotledger.AsError(err); e != nil && e.Code == lotledger.ENOTFOUND {
		return &lotledger.Error{Code: lotledger.EUNKNOWN, Field: field, Message: e.Message}
	}
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
