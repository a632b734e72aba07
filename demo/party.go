package demo

import (
	"fmt"

	"lotledger"
)

// Party codes of the demo's suppliers and carrier.
const (
	SupplierPeanuts = "GPGC"           // Georgia Peanut Growers Co-op
	SupplierSalt    = "GULF-SALT"      // Gulf Coast Salt Works
	SupplierJars    = "PIEDMONT-GLASS" // Piedmont Glass & Closure
	CarrierFreight  = "DIXIE-FREIGHT"  // Dixie Reefer Freight
)

// shop is one of the twelve stores the distribution centres serve.
type shop struct {
	code, name, city string
	chain, number    int
	dc               string // the distribution centre that serves it
	webhook          bool   // the chain takes recall notices by webhook
}

// shops lists the customers: six stores around Atlanta, six around Dallas.
func shops() []shop {
	return []shop{
		{"MAG-DECATUR", "Magnolia Market", "Decatur", 1, 12, dcAtlanta, true},
		{"MAG-MARIETTA", "Magnolia Market", "Marietta", 1, 17, dcAtlanta, true},
		{"PTP-ATHENS", "Peachtree Pantry", "Athens", 2, 3, dcAtlanta, false},
		{"PTP-MACON", "Peachtree Pantry", "Macon", 2, 8, dcAtlanta, false},
		{"SWG-SAVANNAH", "Sweetgrass Grocers", "Savannah", 3, 101, dcAtlanta, false},
		{"SWG-AUGUSTA", "Sweetgrass Grocers", "Augusta", 3, 104, dcAtlanta, false},
		{"LSF-PLANO", "Lone Star Fresh", "Plano", 4, 211, dcDallas, true},
		{"LSF-FORTWORTH", "Lone Star Fresh", "Fort Worth", 4, 215, dcDallas, true},
		{"BBF-AUSTIN", "Bluebonnet Foods", "Austin", 5, 30, dcDallas, false},
		{"BBF-WACO", "Bluebonnet Foods", "Waco", 5, 34, dcDallas, true},
		{"RRC-DENTON", "Red River Co-op Grocery", "Denton", 6, 1, dcDallas, false},
		{"PRB-TYLER", "Prairie Basket", "Tyler", 7, 5, dcDallas, false},
	}
}

// party turns a shop into the customer party a recall notice goes to.
func (s shop) party() lotledger.Party {
	p := lotledger.Party{
		Code:  s.code,
		Name:  fmt.Sprintf("%s – %s", s.name, s.city),
		Kind:  lotledger.PartyCustomer,
		GLN:   withCheckDigit(fmt.Sprintf("0860%03d%05d", s.chain, s.number)),
		Email: fmt.Sprintf("receiving.%s@example.com", slug(s.city)),
	}
	if s.webhook {
		p.WebhookURL = fmt.Sprintf("https://hooks.example.org/%s/recalls/%s", slug(s.name), slug(s.city))
	}
	return p
}

// slug lowercases s and drops everything but letters and digits.
func slug(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

// parties lists every party of the demo: suppliers, carrier, then customers.
func parties() []lotledger.Party {
	ps := []lotledger.Party{
		{Code: SupplierPeanuts, Name: "Georgia Peanut Growers Co-op", Kind: lotledger.PartySupplier,
			GLN: withCheckDigit("081234500001"), Email: "quality@gpgc.example.com",
			WebhookURL: "https://api.gpgc.example.com/lotledger/events"},
		{Code: SupplierSalt, Name: "Gulf Coast Salt Works", Kind: lotledger.PartySupplier,
			GLN: withCheckDigit("081234600008"), Email: "orders@gulfsalt.example.com"},
		{Code: SupplierJars, Name: "Piedmont Glass & Closure", Kind: lotledger.PartySupplier,
			GLN: withCheckDigit("081234700005"), Email: "qa@piedmontglass.example.org"},
		{Code: CarrierFreight, Name: "Dixie Reefer Freight", Kind: lotledger.PartyCarrier,
			GLN: withCheckDigit("081234800002"), Email: "dispatch@dixiefreight.example.com"},
	}
	for _, s := range shops() {
		ps = append(ps, s.party())
	}
	return ps
}
