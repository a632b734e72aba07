package lotledger

// ScanResult is what a scanned GS1 barcode means to lotledger: the
// application identifiers it carries and, where they match, the item, the
// lot with its status and stock, and warnings a person must see before
// moving the goods.
type ScanResult struct {
	Data     string        `json:"data"`
	Elements []ScanElement `json:"elements"`
	GTIN     string        `json:"gtin,omitempty"`
	Lot      string        `json:"lot,omitempty"`
	Expires  Date          `json:"expires,omitempty"` // AI 17, else AI 15 (best before)
	Quantity Quantity      `json:"quantity,omitzero"` // AI 30/37, or 310n for items in kilograms
	Item     *Item         `json:"item,omitempty"`
	LotInfo  *Lot          `json:"lot_info,omitempty"`
	Stock    []StockRow    `json:"stock,omitempty"`
	Warnings []ScanWarning `json:"warnings"`
}

// ScanElement is one application identifier and its value.
type ScanElement struct {
	AI    string `json:"ai"`
	Title string `json:"title,omitempty"`
	Value string `json:"value"`
}

// ScanWarning is something about the scanned goods that should stop a person.
type ScanWarning struct {
	Code    string `json:"code"` // unknown_item, unknown_lot, recalled, expired, hold, quarantine, destroyed, no_lot
	Message string `json:"message"`
}
