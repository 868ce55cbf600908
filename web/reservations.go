package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ironbase/ironbase/catalog"
)

type reservationStore interface {
	Reserve(ctx context.Context, client string, req catalog.ReserveRequest) (catalog.Reservation, error)
	Reservation(ctx context.Context, id int64) (catalog.Reservation, error)
	ListReservations(ctx context.Context, f catalog.ReservationFilter) ([]catalog.Reservation, error)
	ReleaseReservation(ctx context.Context, id int64, client string, admin bool) (catalog.Reservation, error)
	ExtendReservation(ctx context.Context, id int64, d time.Duration, client string, admin bool) (catalog.Reservation, error)
	HostHolder(ctx context.Context, host string) (string, error)
}

// ReservationList is GET /api/v1/reservations.
type ReservationList struct {
	Reservations []catalog.Reservation `json:"reservations"`
}

// BulkReserve carries several reservation requests in one call.
type BulkReserve struct {
	Requests []catalog.ReserveRequest `json:"requests"`
}

// BulkResult is one request's outcome in a bulk call.
type BulkResult struct {
	Reservation *catalog.Reservation `json:"reservation,omitempty"`
	Error       *ErrorDetail         `json:"error,omitempty"`
}

// ExtendRequest extends a lease to now + For.
type ExtendRequest struct {
	For catalog.Duration `json:"for"`
}

func (s *Server) reserve(w http.ResponseWriter, r *http.Request) {
	req, err := decode[catalog.ReserveRequest](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	wait, err := waitParam(r, s.maxWait)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	res, err := s.cat.Reserve(r.Context(), caller(r.Context()).Name, req)
	if err == nil && res.State == catalog.ResPending && wait > 0 {
		res, err = s.waitGranted(r.Context(), res, wait)
	}
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	status := http.StatusOK
	if res.State == catalog.ResPending {
		status = http.StatusAccepted
	}
	writeJSON(w, status, res)
}

// waitGranted holds the request until the reservation leaves `pending` or
// the wait is over.
func (s *Server) waitGranted(ctx context.Context, res catalog.Reservation, wait time.Duration) (catalog.Reservation, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	seen := s.cat.LastEventID() // read before the state, so a grant in between wakes the wait
	for {
		got, err := s.cat.Reservation(context.WithoutCancel(ctx), res.ID)
		if err != nil || got.State != catalog.ResPending || ctx.Err() != nil {
			return got, err
		}
		seen = s.cat.WaitEvents(ctx, seen)
	}
}

func waitParam(r *http.Request, max time.Duration) (time.Duration, error) {
	v := r.URL.Query().Get("wait")
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, catalog.Errorf(catalog.KindInvalid, "wait=%q: want a duration such as 30s", v)
	}
	return min(d, max), nil
}

func (s *Server) reserveBulk(w http.ResponseWriter, r *http.Request) {
	req, err := decode[BulkReserve](w, r)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	if len(req.Requests) == 0 || len(req.Requests) > 100 {
		writeError(w, s.log, catalog.Errorf(catalog.KindInvalid, "bulk: want 1-100 requests, got %d", len(req.Requests)))
		return
	}
	out := make([]BulkResult, len(req.Requests))
	for i, rq := range req.Requests {
		res, err := s.cat.Reserve(r.Context(), caller(r.Context()).Name, rq)
		if err != nil {
			out[i].Error = &ErrorDetail{Kind: catalog.KindOf(err).String(), Message: err.Error()}
			continue
		}
		out[i].Reservation = &res
	}
	writeJSON(w, http.StatusOK, map[string][]BulkResult{"results": out})
}

func (s *Server) listReservations(w http.ResponseWriter, r *http.Request) {
	f := catalog.ReservationFilter{Client: r.URL.Query().Get("client")}
	if st := r.URL.Query().Get("state"); st != "" {
		f.States = strings.Split(st, ",")
	}
	list, err := s.cat.ListReservations(r.Context(), f)
	if err != nil {
		writeError(w, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, ReservationList{Reservations: list})
}

func resID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, catalog.Errorf(catalog.KindInvalid, "reservation id %q: want a positive number", r.PathValue("id"))
	}
	return id, nil
}
