package gen

import (
	"strconv"
	"time"
)

// Identifiers in events are GS1 Digital Link URIs, as a partner's system
// would send them: a lot is its GTIN and lot number, a site and a party
// their GLNs.
const dlRoot = "https://id.gs1.org"

func appendClass(b []byte, lq LotQty) []byte {
	b = append(b, `{"epcClass":"`+dlRoot+`/01/`...)
	b = append(b, lq.Item.GTIN...)
	b = append(b, "/10/"...)
	b = append(b, lq.Lot...) // generated lot codes are letters and digits only
	b = append(b, `","quantity":`...)
	b = strconv.AppendInt(b, lq.Qty, 10)
	if lq.Item.UOM == "KGM" { // counted items (jars, cases) carry no unit
		b = append(b, `,"uom":"KGM"`...)
	}
	return append(b, '}')
}

func appendList(b []byte, key string, lqs []LotQty) []byte {
	b = append(b, `,"`...)
	b = append(b, key...)
	b = append(b, `":[`...)
	for i, lq := range lqs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendClass(b, lq)
	}
	return append(b, ']')
}

func appendSite(b []byte, key string, s *Site) []byte {
	b = append(b, `,"`...)
	b = append(b, key...)
	b = append(b, `":{"id":"`+dlRoot+`/414/`...)
	b = append(b, s.GLN...)
	return append(b, `"}`...)
}

// appendEnd writes a source or destination list entry: a site's GLN for a
// location, a party's for an owning party.
func appendEnd(b []byte, list, key, typ, gln string) []byte {
	b = append(b, `,"`...)
	b = append(b, list...)
	b = append(b, `":[{"type":"`...)
	b = append(b, typ...)
	b = append(b, `","`...)
	b = append(b, key...)
	b = append(b, `":"`...)
	if typ == "location" {
		b = append(b, dlRoot+"/414/"...)
	} else {
		b = append(b, dlRoot+"/417/"...)
	}
	b = append(b, gln...)
	return append(b, `"}]`...)
}

func appendTransaction(b []byte, typ string, op *Op) []byte {
	b = append(b, `,"bizTransactionList":[{"type":"`...)
	b = append(b, typ...)
	b = append(b, `","bizTransaction":"urn:epcglobal:cbv:bt:`...)
	b = append(b, op.At.GLN...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(op.Seq), 10)
	return append(b, `"}]`...)
}

func appendExpiry(b []byte, op *Op) []byte {
	b = append(b, `,"ilmd":{"cbvmda:itemExpirationDate":"`...)
	b = append(b, op.Out[0].Expires...)
	return append(b, `"}`...)
}

// AppendEPCIS appends op as an EPCIS 2.0 JSON-LD event (without @context:
// the document's applies).
func (op *Op) AppendEPCIS(b []byte) []byte {
	typ := "ObjectEvent"
	if op.Kind == Produce {
		typ = "TransformationEvent"
	}
	b = append(b, `{"type":"`...)
	b = append(b, typ...)
	b = append(b, `","eventID":"`...)
	b = append(b, op.ID...)
	b = append(b, `","eventTime":"`...)
	b = op.Time.UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
	b = append(b, `","eventTimeZoneOffset":"+00:00"`...)
	switch op.Kind {
	case Harvest, Receive:
		step := `"commissioning"`
		if op.Kind == Receive {
			step = `"receiving"`
		}
		b = append(b, `,"action":"ADD","bizStep":`+step+`,"disposition":"active"`...)
		b = appendSite(b, "readPoint", op.At)
		b = appendSite(b, "bizLocation", op.At)
		b = appendList(b, "quantityList", op.Out)
		b = appendTransaction(b, "po", op)
		b = appendEnd(b, "sourceList", "source", "owning_party", op.Party.GLN)
		b = appendEnd(b, "destinationList", "destination", "location", op.At.GLN)
		b = appendExpiry(b, op)
	case Cool:
		b = append(b, `,"action":"OBSERVE","bizStep":"storing","disposition":"in_progress"`...)
		b = appendSite(b, "readPoint", op.At)
		b = appendSite(b, "bizLocation", op.At)
		b = appendList(b, "quantityList", op.In)
		b = append(b, `,"sensorElementList":[{"sensorMetadata":{"time":"`...)
		b = op.Time.UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
		b = append(b, `"},"sensorReport":[{"type":"Temperature","value":`...)
		b = strconv.AppendFloat(b, op.Temp, 'f', 1, 64)
		b = append(b, `,"uom":"CEL"}]}]`...)
	case Move:
		b = append(b, `,"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress"`...)
		b = appendSite(b, "readPoint", op.To)
		b = appendSite(b, "bizLocation", op.To)
		b = appendList(b, "quantityList", op.In)
		b = appendTransaction(b, "desadv", op)
		b = appendEnd(b, "sourceList", "source", "location", op.At.GLN)
		b = appendEnd(b, "destinationList", "destination", "location", op.To.GLN)
	case Produce:
		b = append(b, `,"bizStep":"commissioning","disposition":"active"`...)
		b = appendSite(b, "readPoint", op.At)
		b = appendSite(b, "bizLocation", op.At)
		b = appendList(b, "inputQuantityList", op.In)
		b = appendList(b, "outputQuantityList", op.Out)
		b = appendTransaction(b, "prodorder", op)
		b = appendExpiry(b, op)
	case Ship:
		b = append(b, `,"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit"`...)
		b = appendSite(b, "readPoint", op.At)
		b = appendList(b, "quantityList", op.In)
		b = appendTransaction(b, "desadv", op)
		b = appendEnd(b, "sourceList", "source", "location", op.At.GLN)
		b = appendEnd(b, "destinationList", "destination", "owning_party", op.Party.GLN)
	case Return:
		b = append(b, `,"action":"OBSERVE","bizStep":"receiving","disposition":"returned"`...)
		b = appendSite(b, "readPoint", op.At)
		b = appendSite(b, "bizLocation", op.At)
		b = appendList(b, "quantityList", op.Out)
		b = appendTransaction(b, "rma", op)
		b = appendEnd(b, "sourceList", "source", "owning_party", op.Party.GLN)
		b = appendEnd(b, "destinationList", "destination", "location", op.At.GLN)
	case Dispose, Expire:
		disp := `"disposed"`
		if op.Kind == Expire {
			disp = `"expired"`
		}
		b = append(b, `,"action":"DELETE","bizStep":"destroying","disposition":`+disp...)
		b = appendSite(b, "readPoint", op.At)
		b = appendList(b, "quantityList", op.In)
	}
	return append(b, '}')
}

// DocumentHeader and DocumentFooter wrap events, separated by commas, into
// an EPCIS 2.0 document created at t.
func DocumentHeader(b []byte, t time.Time) []byte {
	b = append(b, `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"`...)
	b = t.UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
	return append(b, `","epcisBody":{"eventList":[`...)
}

// DocumentFooter closes a document DocumentHeader opened.
func DocumentFooter(b []byte) []byte { return append(b, "]}}"...) }

// Documents runs the generator and hands fn each EPCIS document of size
// events (the last may be shorter) with the ops it holds. The buffer and
// the ops are reused after fn returns.
func (g *Generator) Documents(size int, fn func(doc []byte, ops []Op) error) error {
	var buf []byte
	ops := make([]Op, 0, size)
	flush := func() error {
		if len(ops) == 0 {
			return nil
		}
		buf = DocumentFooter(buf)
		err := fn(buf, ops)
		ops = ops[:0]
		return err
	}
	err := g.Run(func(op *Op) error {
		if len(ops) == 0 {
			buf = DocumentHeader(buf[:0], op.Time)
		} else {
			buf = append(buf, ',')
		}
		buf = op.AppendEPCIS(buf)
		ops = append(ops, Op{Seq: op.Seq, Kind: op.Kind, ID: op.ID, Time: op.Time, At: op.At, To: op.To, Party: op.Party,
			In: append([]LotQty(nil), op.In...), Out: append([]LotQty(nil), op.Out...), Temp: op.Temp})
		if len(ops) == size {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
