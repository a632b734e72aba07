package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"sync"
)

// The filter of event keys. Capture asks, before its first event, which of
// a document's event ids the ledger already holds. Almost always none does:
// a partner sends each event once. The answer from the database costs a
// probe of both levels of keys per event, about 2 ms a document of 1,000
// events on the one write connection. So the store keeps a Bloom filter of
// every event key in the ledger, and asks the database only about the ids
// the filter cannot rule out: the duplicates, and about 1% of the others.
//
// The filter is never wrong about a key it rules out. It is loaded from
// event_keys at the first capture, takes each key appended, and before each
// use is brought up to the ledger head the writer locked: the events another
// process appended are read by sequence number. Should the ledger differ
// from the one the filter saw (its head moved back, or the event at the
// filter's head has another hash: a database restored from a backup), the
// filter is loaded again. Keys of a transaction rolled back stay in it,
// which only costs a query. A filter takes 10 bits a key (1.25 MB per
// million events); it grows by adding a part twice the size of the last.

// keyFilter is the store's filter of event keys.
type keyFilter struct {
	mu     sync.Mutex
	parts  []bloom // nil until loaded; new keys go to the last
	head   int64   // every event up to head has its key in parts
	hash   string  // the hash of the event at head
	loaded int     // how many times it was loaded whole (tests)
}

// bloom is a Bloom filter of 64-bit keys, which are already uniform (the
// first 8 bytes of a SHA-256): the probes are derived from the key's two
// halves (double hashing).
type bloom struct {
	bits     []uint64
	mask     uint64 // len(bits)*64 - 1: the size is a power of two
	n, limit int    // keys added, and how many it is sized for
}

// bloomBitsPerKey and bloomProbes give a false-positive rate under 1%.
const (
	bloomBitsPerKey = 10
	bloomProbes     = 7
	bloomMinKeys    = 1 << 16
)

func newBloom(keys int) bloom {
	keys = max(keys, bloomMinKeys)
	size := uint64(1) << bits.Len64(uint64(keys*bloomBitsPerKey-1)) // bits, a power of two
	return bloom{bits: make([]uint64, size/64), mask: size - 1, limit: int(size / bloomBitsPerKey)}
}

func (b *bloom) add(key int64) {
	h1, h2 := uint64(key), uint64(key)>>32|1
	for i := range uint64(bloomProbes) {
		p := (h1 + i*h2) & b.mask
		b.bits[p/64] |= 1 << (p % 64)
	}
	b.n++
}

func (b *bloom) has(key int64) bool {
	h1, h2 := uint64(key), uint64(key)>>32|1
	for i := range uint64(bloomProbes) {
		p := (h1 + i*h2) & b.mask
		if b.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}

// LoadEventKeys loads the filter of event keys now, rather than at the first
// capture, and returns how many keys it holds: serve calls it as it starts,
// as it loads its other indexes.
func (s *Store) LoadEventKeys(ctx context.Context) (keys int, err error) {
	if s.keyless() {
		return 0, nil
	}
	err = s.write(ctx, func(w *writer) error {
		s.keys.mu.Lock()
		defer s.keys.mu.Unlock()
		if err := s.keys.catchUp(w); err != nil {
			return err
		}
		for _, p := range s.keys.parts {
			keys += p.n
		}
		return nil
	})
	return keys, err
}

// add puts a key in the filter, once it is loaded.
func (f *keyFilter) add(key int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.insert(key)
}

func (f *keyFilter) insert(key int64) {
	if f.parts == nil {
		return // the load reads it from the database
	}
	last := &f.parts[len(f.parts)-1]
	if last.n >= last.limit {
		f.parts = append(f.parts, newBloom(2*last.limit))
		last = &f.parts[len(f.parts)-1]
	}
	last.add(key)
}

// mayHold reports, for each key, whether the ledger may hold it; false is
// certain. w is the writer whose transaction asks: the filter is first
// brought up to the head it locked.
func (f *keyFilter) mayHold(w *writer, keys []int64) ([]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.catchUp(w); err != nil {
		return nil, err
	}
	out := make([]bool, len(keys))
	for i, k := range keys {
		for j := range f.parts {
			if f.parts[j].has(k) {
				out[i] = true
				break
			}
		}
	}
	return out, nil
}

// catchUp brings the filter up to the head w's transaction began at.
func (f *keyFilter) catchUp(w *writer) error {
	if f.parts != nil && w.startSeq == f.head && w.startHash == f.hash {
		return nil
	}
	if f.parts != nil && w.startSeq > f.head {
		same := f.head == 0 // every ledger starts the same
		if !same {
			var hash string
			err := w.tx.QueryRowContext(w.ctx, `SELECT hash FROM events WHERE seq = $1`, f.head).Scan(&hash)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("event key filter: %w", err)
			}
			same = err == nil && hash == f.hash
		}
		if same {
			return f.loadRange(w)
		}
	}
	return f.load(w)
}

// load fills a new filter with every key in the ledger. It is sized by the
// head: every event has one key.
func (f *keyFilter) load(w *writer) error {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT key FROM event_keys UNION ALL SELECT key FROM event_keys_recent`)
	if err != nil {
		return fmt.Errorf("event key filter: %w", err)
	}
	defer rows.Close()
	f.parts = []bloom{newBloom(int(w.startSeq) + bloomMinKeys)}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			f.parts = nil
			return fmt.Errorf("event key filter: %w", err)
		}
		f.parts[0].add(k)
	}
	if err := rows.Err(); err != nil {
		f.parts = nil
		return fmt.Errorf("event key filter: %w", err)
	}
	f.head, f.hash = w.startSeq, w.startHash
	f.loaded++
	return nil
}

// loadRange adds the keys of the events after the filter's head, which
// another process appended.
func (f *keyFilter) loadRange(w *writer) error {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT event_id FROM events WHERE seq > $1 AND seq <= $2`, f.head, w.startSeq)
	if err != nil {
		return fmt.Errorf("event key filter: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("event key filter: %w", err)
		}
		f.insert(eventKey(id)) // a key too many, should this fail, only costs a lookup
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("event key filter: %w", err)
	}
	f.head, f.hash = w.startSeq, w.startHash
	return nil
}

// committed tells the filter that w's transaction committed: the ledger
// now ends at w.seq. Every key it appended was added; if the filter was
// current when it began, it is current now. (If it was not — a write that
// did not ask it, after another process wrote — the next catchUp reads what
// it lacks.)
func (f *keyFilter) committed(w *writer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.parts != nil && f.head == w.startSeq && f.hash == w.startHash {
		f.head, f.hash = w.seq, w.hash
	}
}
