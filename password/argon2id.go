// Package password hashes and checks passwords with argon2id (OWASP ASVS
// level 2), in the PHC string format so that the parameters travel with each
// hash.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Sizes of the salt and the derived key, in bytes.
const (
	SaltSize = 16
	KeySize  = 32
)

// Limits on parameters read from a stored hash, so that a corrupt or hostile
// hash cannot make Verify allocate gigabytes or spin for minutes.
const (
	maxMemory     = 1 << 20 // KiB (1 GiB)
	maxIterations = 64
	maxKeySize    = 128
)

var b64 = base64.RawStdEncoding

// Argon2id is an emessage.PasswordHasher. Its fields are the parameters of
// new hashes; Verify reads the parameters from the hash it checks, so old
// hashes keep working when the defaults change.
type Argon2id struct {
	Memory     uint32 // KiB
	Iterations uint32
	Threads    uint8
	// slots bounds how many hashes run at once (nil: no bound): each takes
	// Memory, and a flood of sign-ins must not take the server's memory.
	slots chan struct{}
}

// New returns a hasher with the OWASP recommended parameters for argon2id:
// 19 MiB of memory, 2 iterations, 1 thread; at most two hashes a processor
// at once (76 MiB on 2 cores), the others waiting their turn.
func New() *Argon2id {
	return &Argon2id{Memory: 19456, Iterations: 2, Threads: 1, slots: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
}

// key derives the key of password, waiting for a slot.
func (h *Argon2id) key(password string, salt []byte, p params, size uint32) []byte {
	if h.slots != nil {
		h.slots <- struct{}{}
		defer func() { <-h.slots }()
	}
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, size)
}

// params are the parameters of one hash.
type params struct {
	Memory, Iterations uint32
	Threads            uint8
}

func (h *Argon2id) params() params { return params{h.Memory, h.Iterations, h.Threads} }

// Hash returns the PHC string of a new hash of password with a random salt:
// $argon2id$v=19$m=19456,t=2,p=1$SALT$KEY.
func (h *Argon2id) Hash(password string) (string, error) {
	if h.Memory == 0 || h.Iterations == 0 || h.Threads == 0 {
		return "", fmt.Errorf("password: argon2id parameters must be positive")
	}
	salt := make([]byte, SaltSize)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := h.key(password, salt, h.params(), KeySize)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.Memory, h.Iterations, h.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches hash. A malformed hash never matches.
func (h *Argon2id) Verify(hash, password string) bool {
	p, salt, key, ok := parse(hash)
	if !ok {
		return false
	}
	got := h.key(password, salt, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// NeedsRehash reports whether hash was made with other parameters than h's
// (or cannot be read), so that a caller may store a fresh hash after a
// successful sign-in.
func (h *Argon2id) NeedsRehash(hash string) bool {
	p, _, key, ok := parse(hash)
	return !ok || p != h.params() || len(key) != KeySize
}

// parse splits a PHC argon2id string into its parameters, salt and key.
func parse(hash string) (p params, salt, key []byte, ok bool) {
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, false
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, false
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return p, nil, nil, false
	}
	m, okM := param(fields[0], "m", maxMemory)
	t, okT := param(fields[1], "t", maxIterations)
	th, okP := param(fields[2], "p", 255)
	if !okM || !okT || !okP {
		return p, nil, nil, false
	}
	p = params{Memory: m, Iterations: t, Threads: uint8(th)}
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, false
	}
	key, err = b64.Strict().DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > maxKeySize {
		return p, nil, nil, false
	}
	// argon2 needs at least 8 KiB of memory per thread.
	if p.Memory < 8*uint32(p.Threads) {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// param reads "name=N" with 1 <= N <= limit.
func param(s, name string, limit uint64) (uint32, bool) {
	v, ok := strings.CutPrefix(s, name+"=")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n < 1 || n > limit {
		return 0, false
	}
	return uint32(n), true
}
