package store

import (
	"encoding/json"
	"fmt"

	"lotledger/epcis"
)

// A captured document names hundreds of lots. Rather than a query per lot
// (is it there? how much is at this location?), capture reads every lot the
// document names, and their stock rows, in one query per item before it
// applies the first event. The writer then answers from memory; it keeps
// the memory true as the transaction goes on: a lot created is no longer
// absent, a lot whose status changes is forgotten (read again if needed),
// and flushed stock changes are added to the stock read.

// lotCache is what a transaction read ahead.
type lotCache struct {
	lots        map[lotKey]*lotRow
	absent      map[lotKey]bool
	keyOf       map[int64]lotKey
	stock       map[stockKey]int64
	stockOfLots map[int64]bool // lots whose every stock row is in stock
}

// prefetch reads the lots the document names and their stock.
func (c *capturer) prefetch() error {
	codes := map[*itemRow]map[string]bool{}
	for i := range c.doc.Events {
		e := &c.doc.Events[i]
		for _, list := range [][]epcis.QuantityElement{e.QuantityList, e.InputQuantityList, e.OutputQuantityList} {
			for _, q := range list {
				ref, ok := parseClass(q.EPCClass)
				if !ok {
					continue
				}
				it, err := c.item("", ref)
				if err != nil {
					continue // apply reports it where it is
				}
				if codes[it] == nil {
					codes[it] = map[string]bool{}
				}
				codes[it][ref.lot] = true
			}
		}
	}
	w := c.w
	w.cache = &lotCache{lots: map[lotKey]*lotRow{}, absent: map[lotKey]bool{}, keyOf: map[int64]lotKey{}, stock: map[stockKey]int64{}, stockOfLots: map[int64]bool{}}
	var ids []int64
	for it, set := range codes {
		found, err := w.readLots(it, set)
		if err != nil {
			return err
		}
		ids = append(ids, found...)
	}
	for start := 0; start < len(ids); start += 5000 {
		if err := w.readStock(ids[start:min(len(ids), start+5000)]); err != nil {
			return err
		}
	}
	return nil
}

// readLots reads the lots of item it with the given codes into the cache,
// remembering the codes that have no lot.
func (w *writer) readLots(it *itemRow, codes map[string]bool) ([]int64, error) {
	list := make([]string, 0, len(codes))
	for code := range codes {
		list = append(list, code)
		w.cache.absent[lotKey{it.id, code}] = true
	}
	in, arg := `code IN (SELECT value FROM json_each($2))`, any(nil)
	if w.s.postgres {
		in, arg = `code = ANY($2::text[])`, list
	} else {
		b, err := json.Marshal(list)
		if err != nil {
			return nil, err
		}
		arg = string(b)
	}
	rows, err := w.query(`SELECT id, code, supplier_lot, produced, expires, status FROM lots WHERE item_id = $1 AND `+in, it.id, arg)
	if err != nil {
		return nil, fmt.Errorf("read lots: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		l := &lotRow{item: it}
		if err := rows.Scan(&l.id, &l.code, &l.supplierLot, &l.produced, &l.expires, &l.status); err != nil {
			return nil, err
		}
		k := lotKey{it.id, l.code}
		delete(w.cache.absent, k)
		w.cache.lots[k], w.cache.keyOf[l.id] = l, k
		ids = append(ids, l.id)
	}
	return ids, rows.Err()
}

func (w *writer) readStock(ids []int64) error {
	rows, err := w.query(`SELECT lot_id, location_id, qty FROM stock WHERE `+w.s.idIn("lot_id"), w.s.idList(ids)...)
	if err != nil {
		return fmt.Errorf("read stock: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k stockKey
		var q int64
		if err := rows.Scan(&k.lot, &k.loc, &q); err != nil {
			return err
		}
		w.cache.stock[k] = q
	}
	for _, id := range ids {
		w.cache.stockOfLots[id] = true
	}
	return rows.Err()
}

// cachedLot answers findLot from the cache: the lot, or known to be absent.
func (w *writer) cachedLot(k lotKey) (l *lotRow, known bool) {
	if w.cache == nil {
		return nil, false
	}
	if l := w.cache.lots[k]; l != nil {
		return l, true
	}
	return nil, w.cache.absent[k]
}

// cachedStock answers the stored quantity of a stock row from the cache.
func (w *writer) cachedStock(k stockKey) (int64, bool) {
	if w.cache == nil || !w.cache.stockOfLots[k.lot] {
		return 0, false
	}
	return w.cache.stock[k], true
}

// lotCreated tells the cache a lot now exists (its row is buffered).
func (w *writer) lotCreated(l *lotRow) {
	if w.cache != nil {
		delete(w.cache.absent, lotKey{l.item.id, l.code})
	}
}

// forgetLot drops a lot whose row changed from the cache.
func (w *writer) forgetLot(id int64) {
	if w.cache == nil {
		return
	}
	if k, ok := w.cache.keyOf[id]; ok {
		delete(w.cache.lots, k)
		delete(w.cache.keyOf, id)
	}
}

// stockFlushed adds flushed stock changes to the stock read ahead.
func (w *writer) stockFlushed(k stockKey, d int64) {
	if w.cache != nil && w.cache.stockOfLots[k.lot] {
		w.cache.stock[k] += d
	}
}
