package api

import (
	"sync"
	"time"
)

// maxClients bounds the buckets a limiter keeps; beyond it, full (idle)
// buckets are dropped.
const maxClients = 10000

// limiter is a set of per-client token buckets. The zero rate limits
// nothing; a nil *limiter allows everything.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	mu    sync.Mutex
	b     map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(r Rate) *limiter {
	if r.PerSecond < 0 {
		return nil
	}
	burst := r.Burst
	if burst < 1 {
		burst = 1
	}
	return &limiter{rate: r.PerSecond, burst: float64(burst), b: make(map[string]*bucket)}
}

// allow takes one token from client's bucket at now, reporting whether
// there was one.
func (l *limiter) allow(client string, now time.Time) bool {
	ok, _ := l.take(client, now)
	return ok
}

// take is allow that also says, on refusal, how long until the next token.
func (l *limiter) take(client string, now time.Time) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.b[client]
	if !ok {
		if len(l.b) >= maxClients {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.b[client] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens += d.Seconds() * l.rate
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
		b.last = now
	}
	if b.tokens < 1 {
		if l.rate <= 0 {
			return false, time.Hour
		}
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// sweep drops the buckets that have refilled completely; if none has, it
// drops them all rather than grow without bound.
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
	if len(l.b) >= maxClients {
		clear(l.b)
	}
}
