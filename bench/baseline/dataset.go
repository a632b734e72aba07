package baseline

import "time"

// Usage of a location, as Odoo's stock.location.usage.
const (
	UsageInternal   = "internal"
	UsageTransit    = "transit"
	UsageSupplier   = "supplier"
	UsageCustomer   = "customer"
	UsageProduction = "production"
	UsageInventory  = "inventory"
)

// Location is a place stock can be: a warehouse location (internal), a
// partner (supplier, customer), or one of the virtual locations that
// production, scrap and inventory adjustments move stock through.
type Location struct {
	ID    int64
	Name  string // for customer and supplier locations the party code; for internal ones the location code
	Usage string // one of the Usage constants
}

// Lot is a lot (batch) of one product.
type Lot struct {
	ID        int64
	ProductID int64
	Name      string // "SKU|LOTCODE", unique
}

// MoveLine is one quantity of one lot moved from one location to another, a
// row of Odoo's stock_move_line. Its state is always 'done'.
type MoveLine struct {
	ID, MoveID, ProductID, LotID, LocationID, LocationDestID int64
	Date                                                     time.Time
	Qty                                                      int64
}

// Consume is a row of Odoo's stock_move_line_consume_rel. The names read
// backwards: for a finished line F, the rows with ConsumeLineID = F.ID give in
// ProduceLineID the component lines consumed to make F.
type Consume struct {
	ConsumeLineID, ProduceLineID int64
}

// MoveRel is a row of stock_move_move_rel: a make-to-order chain from the
// move Orig to the move Dest.
type MoveRel struct {
	Orig, Dest int64
}

// Dataset is the data every baseline loads: the tables an ERP keeps for lot
// traceability. Production is a finished line from a production location to
// an internal one, component lines from an internal location to the
// production one, and Consume rows linking them; receipts come from supplier
// locations, shipments go to customer locations, returns come back from them,
// scrap goes to an inventory location.
type Dataset struct {
	Locations []Location
	Products  []int64 // ids
	Lots      []Lot
	Lines     []MoveLine
	Consumes  []Consume
	MoveRels  []MoveRel // may be empty
}

// tableRows is one table of a Dataset as rows of values, for loading.
type tableRows struct {
	table string
	cols  []string
	n     int
	row   func(i int, dst []any) // fills row i's values into dst
}

// tables returns d's tables in load order; date gives the database's form
// of a move line's date.
func (d *Dataset) tables(date func(time.Time) any) []tableRows {
	return []tableRows{
		{"stock_location", []string{"id", "name", "usage"}, len(d.Locations), func(i int, dst []any) {
			l := &d.Locations[i]
			dst[0], dst[1], dst[2] = l.ID, l.Name, l.Usage
		}},
		{"product_product", []string{"id"}, len(d.Products), func(i int, dst []any) { dst[0] = d.Products[i] }},
		{"stock_lot", []string{"id", "product_id", "name"}, len(d.Lots), func(i int, dst []any) {
			l := &d.Lots[i]
			dst[0], dst[1], dst[2] = l.ID, l.ProductID, l.Name
		}},
		{"stock_move_line", []string{"id", "move_id", "product_id", "lot_id", "location_id", "location_dest_id", "date", "state", "quantity"},
			len(d.Lines), func(i int, dst []any) {
				l := &d.Lines[i]
				dst[0], dst[1], dst[2], dst[3], dst[4] = l.ID, l.MoveID, l.ProductID, l.LotID, l.LocationID
				dst[5], dst[6], dst[7], dst[8] = l.LocationDestID, date(l.Date), "done", l.Qty
			}},
		{"stock_move_line_consume_rel", []string{"consume_line_id", "produce_line_id"}, len(d.Consumes), func(i int, dst []any) {
			dst[0], dst[1] = d.Consumes[i].ConsumeLineID, d.Consumes[i].ProduceLineID
		}},
		{"stock_move_move_rel", []string{"move_orig_id", "move_dest_id"}, len(d.MoveRels), func(i int, dst []any) {
			dst[0], dst[1] = d.MoveRels[i].Orig, d.MoveRels[i].Dest
		}},
	}
}
