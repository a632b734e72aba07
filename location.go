package lotledger

import "strings"

// Location kinds. Sites, zones and bins form a hierarchy; the others are
// special places that stock passes through.
const (
	KindSite       = "site"
	KindZone       = "zone"
	KindBin        = "bin"
	KindInTransit  = "in_transit"
	KindProduction = "production"
	KindScrap      = "scrap"
)

// Location is a place that holds stock. Its site is the top of its parent chain.
type Location struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Kind   string `json:"kind,omitempty"`
	Parent string `json:"parent,omitempty"`
	GLN    string `json:"gln,omitempty"`
	Site   string `json:"site,omitempty"` // derived: the root of the hierarchy
}

// Validate checks the location and fills defaults (kind "site" without a parent, "bin" with one).
func (l *Location) Validate() error {
	l.Code = strings.TrimSpace(l.Code)
	if err := validCode("code", l.Code); err != nil {
		return err
	}
	if strings.TrimSpace(l.Name) == "" {
		return Errorf(EINVALID, "name", "name is required")
	}
	switch l.Kind {
	case "":
		l.Kind = KindSite
		if l.Parent != "" {
			l.Kind = KindBin
		}
	case KindSite, KindZone, KindBin, KindInTransit, KindProduction, KindScrap:
	default:
		return Errorf(EINVALID, "kind", "kind must be one of site, zone, bin, in_transit, production, scrap")
	}
	if l.Kind == KindSite && l.Parent != "" {
		return Errorf(EINVALID, "parent", "a site has no parent")
	}
	if l.Parent == l.Code && l.Code != "" {
		return Errorf(EINVALID, "parent", "a location cannot be its own parent")
	}
	return validGLN("gln", &l.GLN)
}

func validGLN(field string, gln *string) error {
	if *gln == "" {
		return nil
	}
	if len(*gln) != 13 || !digits(*gln) {
		return Errorf(EINVALID, field, "GLN %q must have 13 digits", *gln)
	}
	if want := CheckDigit((*gln)[:12]); (*gln)[12] != want {
		return Errorf(EINVALID, field, "GLN %q has check digit %c; it should be %c", *gln, (*gln)[12], want)
	}
	return nil
}
