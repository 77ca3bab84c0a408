// Package answer is what every front end of the web layer (the JSON API,
// the worker site, the customer portal) needs to read a request and answer
// it: the one table from error code to HTTP status, Fail, which logs a
// refused or failed request once, JSON in and out, downloads, bounded form
// and upload reading, the signed-in actor and the client's address.
package answer
