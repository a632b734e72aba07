package http_test

import (
	"testing"

	"lotledger"
)

func TestItems_CreateListGet(t *testing.T) {
	ts := MustServer(t)
	t.Run("Create", func(t *testing.T) {
		var got lotledger.Item
		res := do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-JAR","name":"Peanut butter","gtin":"09506000134352","uom":"EA","shelf_life_days":365,"lot_template":"PB{YYMMDD}-{SEQ:3}","ftl":true}`)
		res.want(t, 201, &got)
		if got.SKU != "PB-JAR" || got.GTIN != "09506000134352" || got.Tracking != "lot" || !got.FTL || got.ShelfLifeDays != 365 {
			t.Errorf("created %+v", got)
		}
		if loc := res.header.Get("Location"); loc != "/api/v1/items/PB-JAR" {
			t.Errorf("Location = %q", loc)
		}
	})
	t.Run("Get", func(t *testing.T) {
		var got lotledger.Item
		do(t, ts, "GET", "/api/v1/items/PB-JAR", "").want(t, 200, &got)
		if got.Name != "Peanut butter" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("List", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/items", `{"sku":"PEANUTS","name":"Raw peanuts","uom":"KGM"}`).want(t, 201, nil)
		var page lotledger.Page[lotledger.Item]
		do(t, ts, "GET", "/api/v1/items", "").want(t, 200, &page)
		if len(page.Items) != 2 {
			t.Fatalf("got %d items, want 2", len(page.Items))
		}
		do(t, ts, "GET", "/api/v1/items?limit=1", "").want(t, 200, &page)
		if len(page.Items) != 1 || page.Next == "" {
			t.Fatalf("limit=1: got %d items, next %q", len(page.Items), page.Next)
		}
		var rest lotledger.Page[lotledger.Item]
		do(t, ts, "GET", "/api/v1/items?limit=1&page_token="+page.Next, "").want(t, 200, &rest)
		if len(rest.Items) != 1 || rest.Items[0].SKU == page.Items[0].SKU {
			t.Errorf("second page = %+v", rest.Items)
		}
	})
	t.Run("Duplicate", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-JAR","name":"Again","uom":"EA"}`).wantProblem(t, 409, "conflict", "sku")
	})
	t.Run("NotFound", func(t *testing.T) {
		do(t, ts, "GET", "/api/v1/items/NOPE", "").wantProblem(t, 404, "not_found", "sku")
	})
}

func TestItems_EmptyListIsArray(t *testing.T) {
	ts := MustServer(t)
	res := do(t, ts, "GET", "/api/v1/items", "")
	res.want(t, 200, nil)
	if string(res.body) != "{\"items\":[]}\n" {
		t.Errorf("body = %s", res.body)
	}
}

func TestLocations_CreateList(t *testing.T) {
	ts := MustServer(t)
	var site, bin lotledger.Location
	do(t, ts, "POST", "/api/v1/locations", `{"code":"WH1","name":"Warehouse 1","gln":"0614141000005"}`).want(t, 201, &site)
	do(t, ts, "POST", "/api/v1/locations", `{"code":"WH1-A","name":"Aisle A","parent":"WH1"}`).want(t, 201, &bin)
	if site.Kind != "site" || bin.Kind != "bin" || bin.Site != "WH1" {
		t.Errorf("site %+v, bin %+v", site, bin)
	}
	var page lotledger.Page[lotledger.Location]
	do(t, ts, "GET", "/api/v1/locations", "").want(t, 200, &page)
	codes := map[string]bool{}
	for _, l := range page.Items {
		codes[l.Code] = true
	}
	if !codes["WH1"] || !codes["WH1-A"] {
		t.Errorf("locations = %+v", page.Items)
	}
}

func TestParties_CreateList(t *testing.T) {
	ts := MustServer(t)
	var got lotledger.Party
	do(t, ts, "POST", "/api/v1/parties", `{"code":"SUP1","name":"Peanut Farm","kind":"supplier","email":"qa@farm.example","webhook_url":"https://farm.example/hook"}`).want(t, 201, &got)
	if got.Email != "qa@farm.example" {
		t.Errorf("got %+v", got)
	}
	var page lotledger.Page[lotledger.Party]
	do(t, ts, "GET", "/api/v1/parties", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Code != "SUP1" {
		t.Errorf("parties = %+v", page.Items)
	}
	t.Run("MissingKind", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/parties", `{"code":"X","name":"X"}`).wantProblem(t, 400, "invalid", "kind")
	})
}
