package answer

import (
	"context"

	"github.com/county/emessage"
)

type actorKey struct{}

// WithActor returns ctx carrying the signed-in actor.
func WithActor(ctx context.Context, a emessage.Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the signed-in actor of a request (the zero Actor when
// none, whom the service refuses everything).
func ActorFrom(ctx context.Context) emessage.Actor {
	a, _ := ctx.Value(actorKey{}).(emessage.Actor)
	return a
}
