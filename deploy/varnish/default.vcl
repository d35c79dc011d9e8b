# 信用阳江 front cache: nginx (TLS) -> Varnish 7 -> gunicorn.
#
# Caches anonymous GET/HEAD responses that the application marks cacheable
# (Cache-Control max-age/s-maxage, bounded by the next Asia/Shanghai
# midnight); everything personal or personal-data related goes straight
# through.  The application purges with PURGE (one URL) and BAN (a path
# regex for one host), only from the hosts in the "purgers" ACL.
vcl 4.1;

import std;

# gunicorn (deploy/systemd/xyyj-gunicorn.service).
backend default {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# The application hosts (the web servers and the task workers).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.X-Ban-Path) {
            return (synth(400, "X-Ban-Path missing"));
        }
        # Lurker-friendly: matches on the stored object's own headers.
        # Unquoted arguments: a host or path regex never contains a space.
        if (req.http.host ~ "\s" || req.http.X-Ban-Path ~ "\s") {
            return (synth(400, "Bad ban"));
        }
        if (std.ban("obj.http.X-Cache-Host == " + req.http.host +
                    " && obj.http.X-Cache-Url ~ " + req.http.X-Ban-Path)) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, personal data and requests: never from a shared cache.
    if (req.url ~ "^/(admin|exposure|credit-requests)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie) {
        # A session, CSRF or messages cookie means someone the page may be for.
        if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
            return (pass);
        }
        # Anything else (analytics, tracking) does not change the page: drop it.
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_response {
    # Kept on the object so that bans can match without a request (ban lurker).
    set beresp.http.X-Cache-Host = bereq.http.host;
    set beresp.http.X-Cache-Url = bereq.url;
    # Only what the application explicitly allows is kept: no heuristic TTL
    # for responses without Cache-Control (redirects, errors, downloads).
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The TTL ends with the application's max-age/s-maxage (at the latest the
    # next midnight): no stale copy is served after it.
    set beresp.grace = 0s;
    # Anything else (Set-Cookie, private, no-store, no-cache) is decided by
    # the built-in VCL, which makes it uncacheable.
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    unset resp.http.X-Cache-Host;
    unset resp.http.X-Cache-Url;
}

sub vcl_synth {
    set resp.http.X-Cache = "SYNTH";
}
