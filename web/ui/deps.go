package ui

import (
	"context"
	"time"

	"github.com/ironbase/ironbase/catalog"
	"github.com/ironbase/ironbase/power"
)

// The UI's view of the catalog, in small consumer-defined pieces;
// *catalog.Store has all of them (see Catalog).

type authenticator interface {
	Authenticate(ctx context.Context, secret string) (catalog.Token, error)
}

type hostReader interface {
	Host(ctx context.Context, name string) (catalog.Host, error)
	ListHosts(ctx context.Context, f catalog.HostFilter) ([]catalog.Host, error)
	HostHolder(ctx context.Context, host string) (string, error)
}

type hostMover interface {
	TransitionHost(ctx context.Context, name string, t catalog.HostTransition) (catalog.Host, error)
}

type imageReader interface {
	Image(ctx context.Context, ref string) (catalog.Image, error)
	ListImages(ctx context.Context) ([]catalog.Image, error)
	ListPoolImages(ctx context.Context) ([]catalog.PoolImages, error)
}

type imageAdmin interface {
	PromoteImage(ctx context.Context, ref, pool string, force bool, actor string) (catalog.PoolImages, error)
	RevokeImage(ctx context.Context, ref, pool, reason, actor string) (catalog.PoolImages, error)
}

type poolReader interface {
	ListPools(ctx context.Context) ([]catalog.Pool, error)
}

type reservationStore interface {
	ListReservations(ctx context.Context, f catalog.ReservationFilter) ([]catalog.Reservation, error)
	Reservation(ctx context.Context, id int64) (catalog.Reservation, error)
	ReleaseReservation(ctx context.Context, id int64, client string, admin bool) (catalog.Reservation, error)
	Reserve(ctx context.Context, client string, req catalog.ReserveRequest) (catalog.Reservation, error)
	ExtendReservation(ctx context.Context, id int64, d time.Duration, client string, admin bool) (catalog.Reservation, error)
}

type eventReader interface {
	ListEvents(ctx context.Context, f catalog.EventFilter) ([]catalog.Event, error)
	WaitEvents(ctx context.Context, since int64) int64
	LastEventID() int64
}

// Catalog is everything the UI reads and writes through the catalog.
type Catalog interface {
	authenticator
	hostReader
	hostMover
	imageReader
	imageAdmin
	poolReader
	reservationStore
	eventReader
	lifecycleStore
}

var _ Catalog = (*catalog.Store)(nil)

// PowerService is the power fleet, as the JSON API uses it (the same
// methods as web.PowerService).
type PowerService interface {
	State(ctx context.Context, host string) (power.PowerState, error)
	Do(ctx context.Context, host string, r power.Request) error
	SetBoot(ctx context.Context, host string, spec power.BootSpec, reason string) error
}

// lifecycleStore is what the lifecycle controller keeps that the pages
// show: phases, alerts, the current boot's suite, resource samples, and
// the lifecycle actions (retest, stage).
type lifecycleStore interface {
	LifecycleView(ctx context.Context) (catalog.LifeView, error)
	HostSamples(ctx context.Context, host string) ([]catalog.SampleChunk, error)
	RetestHost(ctx context.Context, host, actor string) (catalog.Host, error)
	StageImage(ctx context.Context, ref string, req catalog.StageRequest, actor string) ([]string, error)
}
