vcl 4.1;
# Varnish in front of gongkai's app servers (docs/deployment.md, "HTTP cache"): the load balancer (nginx,
# TLS) sends every request here, and this sends them on to the app servers.
#
# It keeps only what the app marks shared — anonymous portal pages answered with `Cache-Control: public`
# and `X-Gongkai-Scopes` (gongkai.lib.edge.mark_shared) — and passes everything else: any method but GET and
# HEAD, a reader with a session or a pending message, htmx fragments, every response not so marked. When a
# change commits, the app servers send `BAN` with the changed scopes (gongkai.lib.edge.ban), and every page
# listing one of them is dropped.
#
# Copy to /etc/varnish/gongkai.vcl, with gongkai-backends.vcl (from gongkai-backends.vcl.example: the app
# servers, and the addresses allowed to BAN) beside it, and start varnishd with `-f /etc/varnish/gongkai.vcl`.
# The cookie names below are gongkai's defaults (SESSION_COOKIE_NAME, the messages cookie, CSRF_COOKIE_NAME,
# LANGUAGE_COOKIE_NAME, gongkai.lib.display.COOKIE).

import std;
import directors;

# Defines the director `gongkai` over the app servers and the ACL `gongkai_app_servers`.
include "gongkai-backends.vcl";

sub vcl_recv {
    set req.backend_hint = gongkai.backend();

    if (req.method == "BAN") {
        # Only the app servers invalidate; the scopes are plain words joined by commas, put as they are
        # into the ban's regular expression.
        if (client.ip !~ gongkai_app_servers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.X-Gongkai-Scopes !~ "^[A-Za-z0-9:_-]+(,[A-Za-z0-9:_-]+)*$") {
            return (synth(400, "Bad scopes"));
        }
        if (std.ban("obj.http.X-Gongkai-Scopes ~ (^|,)(" +
                regsuball(req.http.X-Gongkai-Scopes, ",", "|") + ")(,|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.http.HX-Request) {
        return (pass);  # the API's tokens; htmx fragments of a page
    }

    # Only the cookies gongkai reads reach it: tracking cookies (analytics, a CDN's) are dropped, so that
    # they neither defeat the cache nor reach the app.
    if (req.http.Cookie) {
        set req.http.Cookie = ";" + req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, "; +", ";");
        set req.http.Cookie = regsuball(req.http.Cookie,
            ";(sessionid|messages|csrftoken|django_language|gongkai_display)=", "; \1=");
        set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");
        set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    # A session (staff, a citizen following an application) or a pending message: the reader's own page.
    if (req.http.Cookie ~ "(^|; )(sessionid|messages)=") {
        return (pass);
    }
    # What a shared page may differ by besides its address: the language and display-mode cookies (the CSRF
    # cookie does not change a shared page, which carries no token).
    set req.http.X-Gongkai-Variant = regsuball(req.http.Cookie, "(^|; )csrftoken=[^;]*", "");
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Gongkai-Variant);
    hash_data(req.http.X-Forwarded-Proto);
    # then the builtin vcl_hash: the URL and the Host
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (!beresp.http.X-Gongkai-Scopes
            || beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)"
            || beresp.http.Set-Cookie
            || beresp.status != 200) {
        # Not marked shared by the app: never kept, and (for two minutes) not waited for either — the next
        # reader goes to the app at once, not in line behind this one.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Kept for the response's s-maxage (GONGKAI_HTTP_CACHE_SECONDS) unless banned first. The cookies it
    # varies by are in the hash (X-Gongkai-Variant); Accept-Language stays in Vary.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    # X-Cache for operators and the tests (Age and X-Varnish say the same); the scopes stay inside.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.X-Gongkai-Scopes;
}
