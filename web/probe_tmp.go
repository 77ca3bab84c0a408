package web
import _ "github.com/prometheus/client_golang/prometheus/promhttp"
