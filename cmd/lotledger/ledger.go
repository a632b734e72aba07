package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"lotledger"
)

// ledgerCommands are the commands that record events or master data. Each
// reads one JSON body, the same the REST API takes, from --file or stdin.
func ledgerCommands() []*command {
	type op struct {
		name, what string
		do         func(ctx context.Context, l lotledger.Ledger, body []byte) (any, error)
	}
	ops := []op{
		{"item", "create an item {sku, name, uom, gtin?, ...}", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Item) (any, error) {
			return l.CreateItem(ctx, v)
		})},
		{"location", "create a location {code, name, kind?, parent?, gln?}", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Location) (any, error) {
			return l.CreateLocation(ctx, v)
		})},
		{"party", "create a party {code, name, kind, gln?, email?, webhook_url?}", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Party) (any, error) {
			return l.CreateParty(ctx, v)
		})},
		{"receive", "record a receipt", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Receipt) (any, error) {
			return l.Receive(ctx, v)
		})},
		{"ship", "record a shipment", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Shipment) (any, error) {
			return l.Ship(ctx, v)
		})},
		{"transfer", "record a transfer", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Transfer) (any, error) {
			return l.Transfer(ctx, v)
		})},
		{"arrive", "record a transfer's arrival {transfer}", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Arrival) (any, error) {
			return l.ArriveTransfer(ctx, v)
		})},
		{"produce", "record a production run", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Production) (any, error) {
			return l.Produce(ctx, v)
		})},
		{"adjust", "record a stock adjustment", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Adjustment) (any, error) {
			return l.Adjust(ctx, v)
		})},
		{"dispose", "record a disposal", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Disposal) (any, error) {
			return l.Dispose(ctx, v)
		})},
		{"return", "record a customer return", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.Return) (any, error) {
			return l.Return(ctx, v)
		})},
		{"status", "change a lot's status {sku, lot, status, reason}", post(func(ctx context.Context, l lotledger.Ledger, v lotledger.StatusChange) (any, error) {
			return l.ChangeLotStatus(ctx, v)
		})},
	}
	var cmds []*command
	for _, o := range ops {
		var file string
		cmds = append(cmds, &command{
			name:  o.name,
			usage: fmt.Sprintf("%-27s %s (JSON from --file or stdin)", o.name+" [--file F]", o.what),
			flags: func(m *Main, fs *flag.FlagSet) { fs.StringVar(&file, "file", "-", "JSON body; - reads stdin") },
			run: func(m *Main, ctx context.Context) error {
				body, err := m.readBody(file)
				if err != nil {
					return err
				}
				s, err := m.open(ctx)
				if err != nil {
					return err
				}
				v, err := o.do(ctx, s, body)
				if err != nil {
					return describe(err)
				}
				return m.printJSON(v)
			},
		})
	}
	return append(cmds, readCommands()...)
}

// post decodes a body strictly (unknown fields are errors) and calls fn.
func post[T any](fn func(ctx context.Context, l lotledger.Ledger, v T) (any, error)) func(ctx context.Context, l lotledger.Ledger, body []byte) (any, error) {
	return func(ctx context.Context, l lotledger.Ledger, body []byte) (any, error) {
		var v T
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("the body is not a valid request: %w", err)
		}
		return fn(ctx, l, v)
	}
}

// describe writes a lotledger error with its code and field.
func describe(err error) error {
	if e := lotledger.AsError(err); e != nil {
		if e.Field != "" {
			return fmt.Errorf("%s (%s, field %s)", e.Message, e.Code, e.Field)
		}
		return fmt.Errorf("%s (%s)", e.Message, e.Code)
	}
	return err
}
