package testrig

// Passwords stands in for argon2id where sign-in is not what is tested: a
// password p hashes to "plain:"+p, so fixtures can write PasswordHash
// "plain:pw" for the password "pw".
type Passwords struct{}

// Hash returns "plain:"+password.
func (Passwords) Hash(password string) (string, error) { return "plain:" + password, nil }

// Verify reports whether hash is "plain:"+password.
func (Passwords) Verify(hash, password string) bool { return hash == "plain:"+password }
