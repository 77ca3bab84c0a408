package emessage

import (
	"context"
	"fmt"
	"sync"
)

// Import loads an import file: passwords are hashed (an unchanged password
// keeps its stored hash, so a second import of the same file changes
// nothing; a password left out keeps the stored one too), then the store
// writes everything in one transaction.
func (s *Service) Import(ctx context.Context, data *ImportData) (ImportResult, error) {
	if err := s.checkPhones(data); err != nil {
		return ImportResult{}, err
	}
	type job struct {
		username, password string
		hash               *string
		existing           func() (string, error)
	}
	var jobs []job
	for i := range data.Workers {
		w := &data.Workers[i]
		if w.Password == "" {
			continue // the store keeps the worker's own, or gives none
		}
		jobs = append(jobs, job{w.Username, w.Password, &w.PasswordHash, func() (string, error) {
			x, err := s.Store.WorkerByUsername(ctx, w.Username)
			if err != nil {
				return "", err
			}
			return x.PasswordHash, nil
		}})
	}
	for i := range data.Accounts {
		a := &data.Accounts[i]
		if a.Password == "" {
			continue
		}
		jobs = append(jobs, job{a.Username, a.Password, &a.PasswordHash, func() (string, error) {
			x, err := s.Store.AccountByUsername(ctx, a.Username)
			if err != nil {
				return "", err
			}
			return x.PasswordHash, nil
		}})
	}
	// Hashing is slow on purpose; spread it over a few goroutines.
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, 4)
	for i, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() {
				if data.Progress.Hashed != nil {
					data.Progress.Hashed(1)
				}
				<-sem
				wg.Done()
			}()
			if old, err := j.existing(); err == nil && s.Passwords.Verify(old, j.password) {
				*j.hash = old
				return
			} else if err != nil && ErrorCode(err) != ENotFound {
				errs[i] = err
				return
			}
			*j.hash, errs[i] = s.Passwords.Hash(j.password)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return ImportResult{}, err
		}
	}
	return s.Store.Import(ctx, data)
}

// checkPhones checks each account's phone as the API does (E.164, a
// number that can exist), or refuses the file naming the field.
func (s *Service) checkPhones(data *ImportData) error {
	for i := range data.Accounts {
		a := &data.Accounts[i]
		if a.Phone == nil {
			continue
		}
		f := fmt.Sprintf("ssp_accounts[%d].phone", i)
		p, err := s.checkPhone(f, *a.Phone)
		if err != nil {
			return FieldError(EInvalid, f, "%s: %q is not a mobile phone number with its country code, like +12135550142", f, *a.Phone)
		}
		a.Phone = &p
	}
	return nil
}
