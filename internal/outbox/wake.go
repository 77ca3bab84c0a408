package outbox

import "sync"

// Waker asks a running Loop to look at its outbox now rather than after
// its pause. The zero Waker is ready; it must not be copied after first use.
type Waker struct {
	once sync.Once
	ch   chan struct{}
}

// Wake never blocks: a call that finds one waiting is the same call.
func (w *Waker) Wake() {
	select {
	case w.C() <- struct{}{}:
	default:
	}
}

// C is the channel to give Run.
func (w *Waker) C() chan struct{} {
	w.once.Do(func() { w.ch = make(chan struct{}, 1) })
	return w.ch
}
