package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"lotledger"
	"lotledger/gs1"
)

// Stages of an item in the chain.
const (
	StageCrop         = "crop"         // harvested at a farm
	StagePacked       = "packed"       // packed at a packhouse
	StageCommodity    = "commodity"    // bought in bulk: the silo lots
	StageIntermediate = "intermediate" // made at a plant for its own recipes
	StageFinished     = "finished"     // jars sold to stores and restaurants
)

// Item is a product of the chain.
type Item struct {
	lotledger.Item
	Stage string
	Index int
}

// Site roles.
const (
	RoleFarm   = "farm"
	RolePacker = "packer"
	RolePlant  = "plant"
	RoleDC     = "dc"
)

// Site is a location of the business: a farm, packhouse, plant or
// distribution centre.
type Site struct {
	lotledger.Location
	Role  string
	Index int
	crops []*Item // a farm's crops
	owner *Party  // a farm's grower
}

// Party is a grower, a commodity supplier or a customer.
type Party struct {
	lotledger.Party
	Index int
}

// Master is the master data of a generated history.
type Master struct {
	Items     []*Item
	Sites     []*Site
	Parties   []*Party
	byStage   map[string][]*Item
	byRole    map[string][]*Site
	customers []*Party
	suppliers []*Party // of commodities
}

// The catalogue: crops and what the packhouse makes of each, commodities,
// intermediates and finished goods.
var (
	crops = []struct{ sku, name string }{
		{"TOMATO", "Tomatoes"}, {"PEPPER", "Bell peppers"}, {"ONION", "Onions"}, {"GARLIC", "Garlic"},
		{"BASIL", "Basil"}, {"CUCUMBER", "Cucumbers"}, {"CHILI", "Chili peppers"}, {"CARROT", "Carrots"},
	}
	commodities = []struct{ sku, name string }{{"SALT", "Sea salt"}, {"OIL", "Olive oil"}, {"SUGAR", "Cane sugar"}, {"VINEGAR", "Wine vinegar"}}
	intermeds   = []struct{ sku, name string }{{"PASTE", "Tomato paste"}, {"SOFRITO", "Sofrito base"}, {"PESTO-BASE", "Pesto base"}, {"BRINE", "Pickling brine"}}
	finished    = []struct{ sku, name string }{
		{"MARINARA", "Marinara sauce 500 g"}, {"ARRABBIATA", "Arrabbiata sauce 500 g"}, {"SALSA", "Salsa 300 g"},
		{"PESTO", "Pesto 190 g"}, {"PICKLES", "Pickles 680 g"}, {"GAZPACHO", "Gazpacho 1 l"},
	}
)

// companyPrefix is the GS1 company prefix of the generated business.
const companyPrefix = "0614141"

func newMaster(events int, rng *rand.Rand) *Master {
	m := &Master{byStage: map[string][]*Item{}, byRole: map[string][]*Site{}}
	m.items()
	farms := clamp(events/50_000, 2, 400)
	m.parties(farms, clamp(events/1_000, 10, 5_000))
	m.sites(farms, max(1, farms/4), max(1, farms/5), max(2, farms/4), rng)
	return m
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

func (m *Master) item(stage, sku, name, uom string, shelf int) {
	n := len(m.Items) + 1
	it := &Item{Stage: stage, Index: len(m.byStage[stage])}
	it.SKU, it.Name, it.UOM, it.ShelfLifeDays = sku, name, uom, shelf
	it.GTIN = withCheck(fmt.Sprintf("0%s%05d", companyPrefix, n))
	it.FTL = stage != StageCommodity
	m.Items = append(m.Items, it)
	m.byStage[stage] = append(m.byStage[stage], it)
}

func (m *Master) items() {
	for _, c := range crops {
		m.item(StageCrop, c.sku, c.name, "KGM", 21)
	}
	for _, c := range crops {
		m.item(StagePacked, c.sku+"-CS", c.name+", packed case", "CS", 21)
	}
	for _, c := range commodities {
		m.item(StageCommodity, c.sku, c.name, "KGM", 730)
	}
	for _, c := range intermeds {
		m.item(StageIntermediate, c.sku, c.name, "KGM", 180)
	}
	for _, c := range finished {
		m.item(StageFinished, c.sku, c.name, "EA", 365)
	}
}

func (m *Master) party(kind, code, name string) *Party {
	p := &Party{Index: len(m.Parties)}
	p.Code, p.Name, p.Kind = code, name, kind
	p.GLN = withCheck(fmt.Sprintf("%s%05d", companyPrefix, 50_000+len(m.Parties)))
	if kind == lotledger.PartyCustomer {
		p.Email = "recalls+" + code + "@example.com"
	}
	m.Parties = append(m.Parties, p)
	return p
}

func (m *Master) parties(growers, customers int) {
	for i := 1; i <= growers; i++ {
		m.party(lotledger.PartySupplier, fmt.Sprintf("GROWER-%03d", i), fmt.Sprintf("Grower %d", i))
	}
	for _, c := range commodities {
		m.suppliers = append(m.suppliers, m.party(lotledger.PartySupplier, "SUP-"+c.sku, c.name+" supplier"))
	}
	for i := 1; i <= customers; i++ {
		kind, name := "STORE", "Store"
		if i%3 == 0 {
			kind, name = "REST", "Restaurant"
		}
		m.customers = append(m.customers, m.party(lotledger.PartyCustomer, fmt.Sprintf("%s-%04d", kind, i), fmt.Sprintf("%s %d", name, i)))
	}
}

func (m *Master) site(role, code, name string) *Site {
	s := &Site{Role: role, Index: len(m.byRole[role])}
	s.Code, s.Name, s.Kind = code, name, "site"
	s.GLN = withCheck(fmt.Sprintf("%s%05d", companyPrefix, 10_000+len(m.Sites)))
	m.Sites = append(m.Sites, s)
	m.byRole[role] = append(m.byRole[role], s)
	return s
}

func (m *Master) sites(farms, packers, plants, dcs int, rng *rand.Rand) {
	for i := 1; i <= farms; i++ {
		s := m.site(RoleFarm, fmt.Sprintf("FARM-%03d", i), fmt.Sprintf("Farm %d", i))
		s.owner = m.Parties[i-1]
		cs := m.byStage[StageCrop]
		a := rng.IntN(len(cs))
		s.crops = []*Item{cs[a], cs[(a+1+rng.IntN(len(cs)-1))%len(cs)]}
	}
	for i := 1; i <= packers; i++ {
		m.site(RolePacker, fmt.Sprintf("PACK-%02d", i), fmt.Sprintf("Packhouse %d", i))
	}
	for i := 1; i <= plants; i++ {
		m.site(RolePlant, fmt.Sprintf("PLANT-%02d", i), fmt.Sprintf("Plant %d", i))
	}
	for i := 1; i <= dcs; i++ {
		m.site(RoleDC, fmt.Sprintf("DC-%02d", i), fmt.Sprintf("Distribution centre %d", i))
	}
}

// withCheck appends the GS1 check digit to a key without one.
func withCheck(digits string) string {
	d, err := gs1.CheckDigit(digits)
	if err != nil {
		panic("gen: bad key " + digits) // the generator's own constants
	}
	return digits + string(d)
}

// MasterWriter creates master data; a lotledger.Ledger is one.
type MasterWriter interface {
	CreateItem(ctx context.Context, it lotledger.Item) (*lotledger.Item, error)
	CreateLocation(ctx context.Context, l lotledger.Location) (*lotledger.Location, error)
	CreateParty(ctx context.Context, p lotledger.Party) (*lotledger.Party, error)
}

// Load creates the master data in a ledger.
func (m *Master) Load(ctx context.Context, l MasterWriter) error {
	for _, it := range m.Items {
		if _, err := l.CreateItem(ctx, it.Item); err != nil {
			return fmt.Errorf("create item %s: %w", it.SKU, err)
		}
	}
	for _, s := range m.Sites {
		if _, err := l.CreateLocation(ctx, s.Location); err != nil {
			return fmt.Errorf("create location %s: %w", s.Code, err)
		}
	}
	for _, p := range m.Parties {
		if _, err := l.CreateParty(ctx, p.Party); err != nil {
			return fmt.Errorf("create party %s: %w", p.Code, err)
		}
	}
	return nil
}
