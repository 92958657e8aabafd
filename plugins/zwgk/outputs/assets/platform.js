// The platform home page's search over every site (zwgk build --all): the first site's Pagefind
// index is the primary one and every other site's index is merged into it (Pagefind's mergeIndex),
// so one query searches all districts; each result is labelled with the site it belongs to.
(function () {
  "use strict";
  var form = document.getElementById("zwgk-platform-search");
  var input = document.getElementById("zwgk-platform-q");
  var status = document.getElementById("zwgk-platform-status");
  var list = document.getElementById("zwgk-platform-results");
  var sites = JSON.parse(document.getElementById("zwgk-platform-sites").textContent).map(function (site) {
    return { name: site.name, base: new URL(site.path, location.href).pathname };
  });
  var SHOWN = 20;
  var loading = null;
  var current = 0;

  function pagefind() {
    if (!loading) {
      var first = sites[0];
      loading = import(first.base + "pagefind/pagefind.js").then(function (module) {
        return module.options({ baseUrl: first.base }).then(function () {
          // one after another: Pagefind merges indexes in the order they are added
          return sites.slice(1).reduce(function (done, site) {
            return done.then(function () {
              return module.mergeIndex(site.base + "pagefind/", { baseUrl: site.base });
            });
          }, Promise.resolve());
        }).then(function () { return module; });
      });
    }
    return loading;
  }

  function siteOf(url) {
    var path = new URL(url, location.href).pathname;
    var found = null;
    sites.forEach(function (site) {
      if (path.indexOf(site.base) === 0 && (!found || site.base.length > found.base.length)) found = site;
    });
    return found;
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var site = siteOf(data.url);
      if (site) {
        var label = document.createElement("span");
        label.className = "zwgk-site-label";
        label.textContent = site.name;
        item.appendChild(label);
      }
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      item.appendChild(link);
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; only <mark> is markup
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  function run(query) {
    query = query.trim();
    if (!query) return;
    if (!sites.length) {
      status.textContent = "还没有可以搜索的网站。";
      return;
    }
    var mine = ++current;
    status.textContent = "正在搜索……";
    list.setAttribute("aria-busy", "true");
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (mine !== current) return null;
      return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (results) {
        if (mine !== current) return;
        show(results);
        var named = {};
        results.forEach(function (r) { var s = siteOf(r.url); if (s) named[s.name] = true; });
        status.textContent = results.length
          ? "“" + query + "”的搜索结果：" + search.results.length + " 条，来自" + Object.keys(named).join("、") +
            (search.results.length > SHOWN ? "（显示前 " + SHOWN + " 条）" : "")
          : "没有找到与“" + query + "”有关的内容。可以换个说法，或进入上面的区县网站查找，也可以拨打 12345 咨询。";
      });
    }).catch(function () {
      if (mine === current) {
        list.textContent = "";
        status.textContent = "搜索暂时不能使用，请进入上面的区县网站查找，或拨打 12345 咨询。";
      }
    }).then(function () {
      if (mine === current) list.removeAttribute("aria-busy");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run(asked);
  }
})();
