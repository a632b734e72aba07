package demo

import (
	"time"

	"lotledger"
)

// Location codes of the plant and the two distribution centres. Stock is
// always kept in bins; zones and sites only group them.
const (
	sitePlant    = "PLANT-MACON"
	plantDock    = "PLANT-DOCK-1"
	plantRawCold = "PLANT-RAW-A"
	plantRawDry  = "PLANT-RAW-B"
	plantRoaster = "PLANT-ROAST-1"
	plantFiller  = "PLANT-FILL-1"
	plantFG      = "PLANT-FG-A"

	dcAtlanta = "DC-ATL"
	dcDallas  = "DC-DAL"
)

// Time zones of the sites: events carry the local offset they happened in.
// Fixed offsets keep the demo independent of the host's zone database.
var (
	zoneEastern = time.FixedZone("EST", -5*60*60)
	zoneCentral = time.FixedZone("CST", -6*60*60)
)

// dcZone returns the zone of a distribution centre.
func dcZone(dc string) *time.Location {
	if dc == dcDallas {
		return zoneCentral
	}
	return zoneEastern
}

// dcRack and dcReturns name a distribution centre's pick bin and returns cage.
func dcRack(dc string) string    { return dc + "-A1" }
func dcReturns(dc string) string { return dc + "-RET" }

// locations lists the locations, every parent before its children.
func locations() []lotledger.Location {
	site := func(code, name, glnBody string) lotledger.Location {
		return lotledger.Location{Code: code, Name: name, Kind: lotledger.KindSite, GLN: withCheckDigit(glnBody)}
	}
	zone := func(code, name, parent string) lotledger.Location {
		return lotledger.Location{Code: code, Name: name, Kind: lotledger.KindZone, Parent: parent}
	}
	bin := func(code, name, parent string) lotledger.Location {
		return lotledger.Location{Code: code, Name: name, Kind: lotledger.KindBin, Parent: parent}
	}
	return []lotledger.Location{
		site(sitePlant, "Macon peanut butter plant", "061414100001"),
		zone("PLANT-RCV", "Receiving", sitePlant),
		bin(plantDock, "Receiving dock 1", "PLANT-RCV"),
		zone("PLANT-RAW", "Raw material store", sitePlant),
		bin(plantRawCold, "Cold store, raw peanuts", "PLANT-RAW"),
		bin(plantRawDry, "Dry store, salt and jars", "PLANT-RAW"),
		zone("PLANT-ROAST", "Roasting line", sitePlant),
		bin(plantRoaster, "Roaster 1", "PLANT-ROAST"),
		zone("PLANT-FILL", "Grinding and filling line", sitePlant),
		bin(plantFiller, "Filler 1", "PLANT-FILL"),
		zone("PLANT-FG", "Finished goods", sitePlant),
		bin(plantFG, "Finished goods, aisle A", "PLANT-FG"),
		site(dcAtlanta, "Atlanta distribution centre", "061414100002"),
		bin(dcRack(dcAtlanta), "Ambient racking A1", dcAtlanta),
		bin(dcReturns(dcAtlanta), "Returns cage", dcAtlanta),
		site(dcDallas, "Dallas distribution centre", "061414100003"),
		bin(dcRack(dcDallas), "Ambient racking A1", dcDallas),
		bin(dcReturns(dcDallas), "Returns cage", dcDallas),
	}
}
