package demo

import "lotledger"

// SKUs of the demo's items: raw peanuts are roasted, and roasted peanuts are
// ground with salt and filled into jars, so peanut butter traces back through
// two production steps to the co-op's lots.
const (
	SKURawPeanuts     = "RAW-PEANUT-RUNNER"
	SKURoastedPeanuts = "ROASTED-PEANUT"
	SKUSalt           = "SALT-FINE"
	SKUJar            = "JAR-16OZ"
	SKUCreamy         = "PB-CREAMY-16OZ"
	SKUCrunchy        = "PB-CRUNCHY-16OZ"
)

// items lists the demo's items. GTINs use GS1's example company prefix
// 0614141 and carry correct check digits.
func items() []lotledger.Item {
	return []lotledger.Item{
		{SKU: SKURawPeanuts, Name: "Raw shelled peanuts, runner, medium", UOM: "KGM",
			ShelfLifeDays: 270, LotTemplate: "RP{YYMMDD}-{SEQ:3}", FTL: true},
		{SKU: SKURoastedPeanuts, Name: "Roasted blanched peanuts", UOM: "KGM",
			ShelfLifeDays: 180, LotTemplate: "RST{YYMMDD}-{SEQ:3}"},
		{SKU: SKUSalt, Name: "Fine flake salt, 25 kg bag", UOM: "KGM",
			ShelfLifeDays: 1825, LotTemplate: "SLT{YYMMDD}-{SEQ:2}"},
		{SKU: SKUJar, Name: "Glass jar 16 oz with lid", UOM: "EA",
			Tracking: lotledger.TrackLot, LotTemplate: "JAR{YYMMDD}-{SEQ:2}"},
		{SKU: SKUCreamy, Name: "Peanut butter, creamy, 16 oz jar", UOM: "EA",
			GTIN: withCheckDigit("0061414100014"), ShelfLifeDays: peanutButterShelfLifeDays,
			LotTemplate: "PBC{YYMMDD}-{SEQ:3}", FTL: true},
		{SKU: SKUCrunchy, Name: "Peanut butter, crunchy, 16 oz jar", UOM: "EA",
			GTIN: withCheckDigit("0061414100021"), ShelfLifeDays: peanutButterShelfLifeDays,
			LotTemplate: "PBX{YYMMDD}-{SEQ:3}", FTL: true},
	}
}

// peanutButterShelfLifeDays is the shelf life printed on every jar.
const peanutButterShelfLifeDays = 365

// recipe is what one jar of peanut butter consumes.
type recipe struct {
	roasted, salt lotledger.Quantity // kilograms per jar
}

// recipeFor returns the recipe of a peanut-butter SKU: crunchy carries a
// little more peanut (the chopped pieces) and the same salt.
func recipeFor(sku string) recipe {
	if sku == SKUCrunchy {
		return recipe{roasted: lotledger.MustQuantity("0.448"), salt: lotledger.MustQuantity("0.007")}
	}
	return recipe{roasted: lotledger.MustQuantity("0.445"), salt: lotledger.MustQuantity("0.007")}
}

// roastYield is the fraction (in percent) of raw weight left after roasting
// and blanching: moisture and skins are lost.
const roastYield = 92
