// 站内搜索：把群众的问法变成搜索词，再交给 Pagefind（索引按需分块加载，首次搜索只下载几百 KB）。
// search/words.json（构建时生成）提供群众常用说法、提问用的字词、建议列表和两张字表（繁→简、拼音）。
// 结果地址从网站根目录算起，所以网站放在县门户的子目录（如 /xxgk/luolong/）下也能用。
(function () {
  "use strict";
  var root = document.querySelector("[data-zwgk-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector("[data-zwgk-status]");
  var list = root.querySelector("[data-zwgk-results]");
  var box = root.querySelector("[role=listbox]");
  var base = new URL(root.getAttribute("data-zwgk-base"), location.href);
  var wordsUrl = new URL(root.getAttribute("data-zwgk-words"), location.href);
  var titlesUrl = new URL(root.getAttribute("data-zwgk-titles"), location.href);
  var preview = root.hasAttribute("data-zwgk-preview"); // `mkdocs serve` builds no index
  var Segmenter = window.Intl && Intl.Segmenter; // the browser's word breaks (ICU), where it has them
  var SHOWN = 10; // results listed
  var WEIGHED = 16; // the best pages whose titles are read to order them (each costs a download)
  var loading = null;
  var words = null;
  var titles = null;
  var current = 0; // the latest search: an older one that finishes late is not shown
  // 只看: the index's own filters (each record page names its domain, category and kind), in the address
  var filterBoxes = Array.prototype.slice.call(root.querySelectorAll("select[data-zwgk-filter]"));

  // ---------------------------------------------------------------- data

  function loadWords() {
    if (!words) {
      words = fetch(wordsUrl).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).catch(function () { return {}; }).then(prepare);
    }
    return words;
  }

  // the item titles for the suggestions, gzipped by the build; a browser that cannot unpack them
  // (no DecompressionStream) suggests the residents' words, aliases and places only
  function loadTitles(d) {
    if (!titles) {
      titles = fetch(titlesUrl).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes)); // unpacked by the server
        if (!window.DecompressionStream) return [];
        return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
      }).catch(function () { return []; }).then(function (list) {
        var seen = {};
        d.names.forEach(function (name) { seen[name] = true; });
        return d.names.concat(list.map(function (t) { return simplify(t, d); }).filter(function (t) {
          return !seen[t] && (seen[t] = true);
        }));
      });
    }
    return titles;
  }

  // pinyin as a slip of the keyboard hears it: zh/z, ch/c, sh/s, n/l, -ng/-n are easily confused
  function fuzzy(reading) {
    return reading.replace(/^([zcs])h/, "$1").replace(/^n/, "l").replace(/ng$/, "n");
  }

  function prepare(raw) {
    var d = { t2s: {}, pinyin: {}, fillers: {}, means: {}, known: {}, knownList: [], maxLen: 2, names: [] };
    var pairs = Array.from(raw.t2s || "");
    for (var i = 0; i + 1 < pairs.length; i += 2) d.t2s[pairs[i]] = pairs[i + 1];
    Object.keys(raw.pinyin || {}).forEach(function (reading) {
      var key = fuzzy(reading);
      Array.from(raw.pinyin[reading]).forEach(function (ch) { (d.pinyin[ch] = d.pinyin[ch] || []).push(key); });
    });
    (raw.fillers || []).forEach(function (w) { d.fillers[w] = true; });
    var names = {};
    function known(term, suggest) {
      term = simplify(term, d);
      if (term.length >= 2 && !d.fillers[term] && !d.known[term]) {
        d.known[term] = true;
        d.knownList.push(term);
        d.maxLen = Math.max(d.maxLen, term.length);
      }
      if (suggest && !names[term]) {
        names[term] = true;
        d.names.push(term);
      }
    }
    (raw.aliases || []).concat(raw.places || []).forEach(function (w) { known(w, true); });
    (raw.domains || []).forEach(function (w) { known(w); });
    (raw.words || []).forEach(function (pair) {
      pair[0].forEach(function (said) {
        said = simplify(said, d);
        d.means[said] = (d.means[said] || []).concat(pair[1].map(function (m) { return simplify(m, d); }));
        known(said, true);
      });
      pair[1].forEach(function (term) { known(term); });
    });
    return d;
  }

  var breaker = Segmenter ? new Segmenter("zh", { granularity: "word" }) : null;
  function segment(text) {
    if (!breaker) return [text];
    return Array.from(breaker.segment(text), function (s) { return s.segment; });
  }

  // ---------------------------------------------------------------- from a question to search terms

  function simplify(text, d) {
    var out = "";
    for (var ch of text.normalize("NFKC").toLowerCase()) out += d.t2s[ch] || ch;
    return out;
  }

  var DIGIT = { "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var UNIT = { "十": 10, "百": 100, "千": 1000 };

  function numberValue(text) {
    if (!/[十百千]/.test(text)) { // 二〇二五 → 2025: digit by digit
      return Array.from(text, function (ch) { return DIGIT[ch]; }).join("");
    }
    var total = 0;
    var digit = 0;
    for (var ch of text) {
      if (ch in UNIT) {
        total += (digit || 1) * UNIT[ch];
        digit = 0;
      } else {
        digit = DIGIT[ch];
      }
    }
    return String(total + digit);
  }

  // Chinese numerals become digits where they are numbers (八十岁, 二〇二五年, 一百零五), not in
  // names such as 一卡通, 五保, 门前三包
  function numerals(text) {
    return text.replace(/[〇零一二两三四五六七八九十百千]+/g, function (found, at, all) {
      var age = /^周?岁/.test(all.slice(at + found.length));
      if (!age && !(found.length >= 2 && /[十百千〇零]/.test(found))) return found;
      return numberValue(found);
    });
  }

  function normalise(query, d) {
    // 满80岁, 80多岁, 八十岁以上 → 80周岁 (how the pages write an age)
    return numerals(simplify(query, d)).replace(/满?(\d+)\s*多?\s*(?:周岁|岁)(?:及?以上)?/g, " $1周岁 ");
  }

  function longestKnown(chunk, at, d) {
    for (var n = Math.min(d.maxLen, chunk.length - at); n >= 2; n -= 1) {
      var piece = chunk.substr(at, n);
      if (d.known[piece]) return piece;
    }
    return null;
  }

  // words the site does not know: split at word breaks, drop fillers, keep runs of single characters
  // together (摆|摊 → 摆摊); a lone character is a weak term
  function unknownWords(buffer, d, out) {
    // the whole stretch may be a known word typed with a wrong homophone (身分证 → 身份证)
    var whole = buffer.length >= 2 && buffer.length <= 6 && !d.fillers[buffer] ? soundsLike(buffer, d) : null;
    if (whole && d.known[whole]) {
      out.push({ text: buffer, fixed: whole });
      return;
    }
    var run = "";
    function close() {
      if (run) out.push({ text: run, weak: run.length < 2 });
      run = "";
    }
    var pieces = [];
    var cut = withoutFillers(buffer, d, 2); // 什么, 怎么, 去哪里 first: the browser may split them (什|么)
    (Segmenter ? [].concat.apply([], cut.map(segment)) : withoutFillers(buffer, d, 1)).forEach(function (w) {
      // a filler character at the edge of a word the site does not know: 开个 → 开, 我的 → 我 的
      var chars = Array.from(w);
      if (chars.length === 2 && !d.known[w] && !d.fillers[w] && (d.fillers[chars[0]] || d.fillers[chars[1]])) {
        pieces.push(chars[0], chars[1]);
      } else {
        pieces.push(w);
      }
    });
    pieces.forEach(function (w) {
      if (!w || d.fillers[w]) {
        close();
      } else if (w.length === 1) {
        run += w;
      } else {
        close();
        out.push({ text: w });
      }
    });
    close();
  }

  // cut at the longest filler (of at least ``shortest`` characters) at each place; the fillers stay
  // in the list as pieces of their own, to be dropped
  function withoutFillers(buffer, d, shortest) {
    var pieces = [];
    var piece = "";
    for (var i = 0; i < buffer.length;) {
      var hit = null;
      for (var n = Math.min(6, buffer.length - i); n >= shortest && !hit; n -= 1) {
        if (d.fillers[buffer.substr(i, n)]) hit = buffer.substr(i, n);
      }
      if (hit) {
        pieces.push(piece, hit);
        piece = "";
        i += hit.length;
      } else {
        piece += buffer[i];
        i += 1;
      }
    }
    pieces.push(piece);
    return pieces.filter(function (p) { return p; });
  }

  function terms(text, d) {
    var out = [];
    text.split(/[\s\p{P}\p{S}]+/u).forEach(function (chunk) {
      var buffer = "";
      for (var i = 0; i < chunk.length;) {
        var age = /^\d+周岁/.exec(chunk.slice(i));
        var hit = age ? age[0] : longestKnown(chunk, i, d);
        if (hit) {
          if (buffer) unknownWords(buffer, d, out);
          buffer = "";
          out.push({ text: hit, known: true, age: age ? age[0].replace("周岁", "") : null });
          i += hit.length;
        } else {
          buffer += chunk[i];
          i += 1;
        }
      }
      if (buffer) unknownWords(buffer, d, out);
    });
    return out;
  }

  // a word typed with the wrong homophone (底保, 身分证): the site's word that sounds the same
  function soundsLike(term, d) {
    var keys = [];
    for (var ch of term) {
      if (!d.pinyin[ch]) return null;
      keys.push(d.pinyin[ch]);
    }
    var chars = Array.from(term);
    if (d.knownList.some(function (k) { return k.indexOf(term) >= 0; })) return null;
    var best = null;
    d.knownList.forEach(function (k) {
      if (k.length < chars.length || (best && best.length === k.length && k.length === chars.length)) return;
      for (var at = 0; at + chars.length <= k.length; at += 1) {
        var window = k.substr(at, chars.length);
        var same = 0;
        var ok = Array.from(window).every(function (ch, j) {
          if (ch === chars[j]) {
            same += 1;
            return true;
          }
          return (d.pinyin[ch] || []).some(function (key) { return keys[j].indexOf(key) >= 0; });
        });
        if (ok && same >= 1) {
          if (!best || k.length === chars.length) best = window;
          return;
        }
      }
    });
    return best;
  }

  // each term becomes a slot: the pages of any of its words (the term, the official terms residents'
  // words stand for, a corrected typo) count for it
  function slots(query, d) {
    var found = terms(normalise(query, d), d);
    // a lone character beside a known word may belong to it: 医保怎么交 → 交医保, 领养老金
    found.forEach(function (t, i) {
      if (!t.weak) return;
      [found[i - 1], found[i + 1]].forEach(function (next) {
        if (!t.weak || !next || next.weak || next.age) return;
        var joined = [t.text + next.text, next.text + t.text].filter(function (w) { return d.known[w]; })[0];
        if (joined) {
          next.text = joined;
          next.known = true;
          t.weak = "used";
        }
      });
    });
    var strong = found.filter(function (t) { return !t.weak; });
    var wanted = (strong.length ? strong : found.filter(function (t) { return t.weak !== "used"; })).map(function (t) {
      // a colloquial word or a typo counts half as much as the words the pages use for it: as
      // typed, it is found mostly by accident (老人补贴 → 老人…补贴 in any text)
      var weights = {};
      function add(word, weight) { weights[word] = Math.max(weights[word] || 0, weight); }
      var means = d.means[t.text] || [];
      add(t.text, means.length ? 0.5 : 1);
      means.forEach(function (m) { add(m, 1); });
      var fixed = t.fixed || null;
      if (!fixed && !t.known && !t.weak && t.text.length <= 8) fixed = soundsLike(t.text, d);
      if (fixed) {
        weights[t.text] = 0.5;
        add(fixed, 1);
        (d.means[fixed] || []).forEach(function (m) { add(m, 1); });
      }
      if (t.age) add(t.age, 0.5);
      return { text: t.text, alts: Object.keys(weights), weights: weights, fixed: fixed };
    });
    // residents' words said apart (老人……补贴 → 老人补贴 → 高龄津贴): both words count for its terms
    wanted.slice(0, -1).forEach(function (slot, i) {
      var next = wanted[i + 1];
      (d.means[slot.text + next.text] || []).forEach(function (m) {
        [slot, next].forEach(function (s) {
          if (!(m in s.weights)) s.alts.push(m);
          s.weights[m] = 1;
        });
      });
    });
    return wanted;
  }

  // ---------------------------------------------------------------- searching

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        // pageLength 0.3 (Pagefind's default 0.75): a full item page with its 办事指南 should not
        // lose to a short page that merely mentions the words (measured: bench/search_quality.py)
        return module.options({ baseUrl: base.pathname, ranking: { pageLength: 0.3 } }).then(function () {
          return module;
        });
      });
    }
    return loading;
  }

  function chosenFilters() {
    var found = {};
    filterBoxes.forEach(function (select) {
      if (select.value) found[select.getAttribute("data-zwgk-filter")] = select.value;
    });
    return found;
  }

  var asked = {};
  function pagesFor(module, word) {
    var filters = chosenFilters();
    var key = JSON.stringify(filters) + "\u0000" + word;
    if (!asked[key]) {
      asked[key] = module.search(word, { filters: filters }).then(function (search) {
        var pages = {};
        search.results.forEach(function (r) { pages[r.id] = r; });
        return pages;
      });
    }
    return asked[key];
  }

  // what the 只看 filters narrow to, for the status line: "（只看：社会救助、事项）"
  function filterNote() {
    var names = filterBoxes.filter(function (select) { return select.value; }).map(function (select) {
      return select.options[select.selectedIndex].textContent;
    });
    return names.length ? "（只看：" + names.join("、") + "）" : "";
  }

  // every slot's pages: a page scores for each of the slot's words it has (each word's scores scaled
  // to its best page), so the page with the official term and its variants beats one with a stray
  // word; pages that have every slot come first, then the ones with the most informative slots
  function rank(module, wanted) {
    return Promise.all(wanted.map(function (slot) {
      // a word of several words also counts as a phrase: 失业登记 as written, not 失业人员就业登记
      var asked = slot.alts.concat(slot.alts.filter(function (w) { return w.length >= 3; }).map(function (w) {
        return '"' + w + '"';
      }));
      return Promise.all(asked.map(function (word) { return pagesFor(module, word); })).then(function (found) {
        var pages = {};
        found.forEach(function (byId, n) {
          var weight = slot.weights[asked[n].replace(/^"|"$/g, "")];
          var ids = Object.keys(byId);
          var best = Math.max.apply(null, ids.map(function (id) { return byId[id].score; })) || 1;
          ids.forEach(function (id) {
            var page = pages[id] || (pages[id] = { result: byId[id], score: 0 });
            page.score += weight * byId[id].score / best;
          });
        });
        return pages;
      });
    })).then(function (perSlot) {
      return phrases(module, wanted, perSlot).then(function (joined) { return [perSlot, joined]; });
    }).then(function (both) {
      var perSlot = both[0];
      var joined = both[1];
      var present = [];
      var missing = [];
      var kept = [];
      wanted.forEach(function (slot, i) {
        if (Object.keys(perSlot[i]).length) {
          present.push(perSlot[i]);
          kept.push(slot);
        } else {
          missing.push(slot.text);
        }
      });
      var all = {};
      present.forEach(function (pages) { Object.keys(pages).forEach(function (id) { all[id] = pages[id].result; }); });
      var total = Math.max(Object.keys(all).length, 50);
      kept.forEach(function (slot, n) { slot.idf = Math.log(1 + total / Object.keys(present[n]).length); });
      var scored = Object.keys(all).map(function (id) {
        var covered = 0;
        var score = 0;
        present.forEach(function (pages) {
          if (!pages[id]) return;
          var ids = Object.keys(pages);
          var best = Math.max.apply(null, ids.map(function (k) { return pages[k].score; })) || 1;
          var idf = Math.log(1 + total / ids.length);
          covered += 1;
          score += idf * (1 + pages[id].score / best);
        });
        wanted.forEach(function (slot, i) {
          var pages = joined[i];
          if (pages && pages[id] && slot.idf && wanted[i + 1].idf) score += (slot.idf + wanted[i + 1].idf) * pages[id];
        });
        return { result: all[id], full: covered === present.length, score: score };
      });
      scored.sort(function (a, b) { return b.score - a.score; });
      return { ranked: scored, missing: missing, slots: kept, full: scored.some(function (r) { return r.full; }) };
    });
  }

  // two neighbouring slots written together as a phrase (失业 + 登记 → "失业登记"): the pages that
  // have them side by side, by slot pair, each page's share of the best phrase score
  function phrases(module, wanted, perSlot) {
    return Promise.all(wanted.slice(0, -1).map(function (slot, i) {
      var next = wanted[i + 1];
      if (!Object.keys(perSlot[i]).length || !Object.keys(perSlot[i + 1]).length) return null;
      var firsts = slot.alts.filter(function (a) { return slot.weights[a] >= 1; }).slice(0, 3);
      var seconds = next.alts.filter(function (a) { return next.weights[a] >= 1; }).slice(0, 3);
      var asked = [];
      firsts.forEach(function (a) { seconds.forEach(function (b) { asked.push('"' + a + b + '"'); }); });
      return Promise.all(asked.map(function (p) { return pagesFor(module, p); })).then(function (found) {
        var pages = {};
        found.forEach(function (byId) {
          var ids = Object.keys(byId);
          var best = Math.max.apply(null, ids.map(function (id) { return byId[id].score; })) || 1;
          ids.forEach(function (id) { pages[id] = Math.max(pages[id] || 0, byId[id].score / best); });
        });
        return pages;
      });
    }));
  }

  // the best pages again, a page whose title holds a slot's word first (失业登记 before 失业人员就业登记):
  // the title says what the page is about, the text only what it mentions
  function byTitle(top, results, kept, d) {
    var scored = results.map(function (data, i) {
      var title = simplify((data.meta && data.meta.title) || "", d);
      var bonus = 0;
      kept.forEach(function (slot) {
        // the longer the slot's word in the title, the surer the match (失业登记 over 失业)
        var words = slot.alts.filter(function (a) { return slot.weights[a] >= 1; });
        var longest = Math.max.apply(null, words.map(function (a) { return a.length; }));
        var inTitle = words.filter(function (a) { return title.indexOf(a) >= 0; });
        if (inTitle.length) bonus += slot.idf * Math.max.apply(null, inTitle.map(function (a) { return a.length; })) / longest;
      });
      return { data: data, score: top[i].score + bonus };
    });
    scored.sort(function (a, b) { return b.score - a.score; });
    return scored.map(function (r) { return r.data; });
  }

  // ---------------------------------------------------------------- showing

  // a message from the page template (with its links), in the status line screen readers announce
  function say(kind) {
    var message = root.querySelector("template[data-zwgk-message=" + kind + "]");
    list.textContent = "";
    status.textContent = "";
    status.appendChild(message.content.cloneNode(true));
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; only <mark> is markup
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  function explain(wanted, missing) {
    var notes = [];
    wanted.forEach(function (slot) {
      if (slot.fixed) notes.push("“" + slot.text + "”按“" + slot.fixed + "”查");
      var more = slot.alts.filter(function (a) { return a !== slot.text && a !== slot.fixed && !/^\d+$/.test(a); });
      if (more.length && !slot.fixed) notes.push("“" + slot.text + "”也按“" + more.slice(0, 3).join("、") + "”查");
    });
    if (missing.length) notes.push("没有找到含“" + missing.join("”“") + "”的内容，已略去");
    return notes.length ? "（" + notes.join("；") + "）" : "";
  }

  function run(query) {
    query = query.trim();
    if (!query) return;
    if (preview) return say("preview");
    var mine = ++current;
    status.textContent = "正在搜索……";
    list.setAttribute("aria-busy", "true");
    var wanted = [];
    var dict = null;
    Promise.all([pagefind(), loadWords()]).then(function (ready) {
      var module = ready[0];
      dict = ready[1];
      wanted = slots(query, dict);
      if (!wanted.length) return null;
      return rank(module, wanted);
    }).then(function (found) {
      if (mine !== current) return null;
      if (!found) {
        list.textContent = "";
        status.textContent = "“" + query + "”里没有可以搜索的词。请写出要办的事，例如“低保”“上户口”“高龄津贴”。";
        return null;
      }
      var searched = wanted.map(function (s) { return s.text; }).join(" ");
      var top = found.ranked.slice(0, WEIGHED);
      return Promise.all(top.map(function (r) { return r.result.data(); })).then(function (results) {
        if (mine !== current) return;
        results = byTitle(top, results, found.slots, dict).slice(0, SHOWN);
        show(results);
        var note = explain(wanted, found.missing) + filterNote();
        if (!results.length) {
          status.textContent = "没有找到与“" + query + "”有关的内容" + note + "。可以换个说法，或从下面的领域、常用事项查找，也可以拨打 12345 咨询。";
        } else if (found.full) {
          status.textContent = "按“" + searched + "”搜索的结果（前 " + results.length + " 条）" + note;
        } else {
          status.textContent = "没有完全匹配的结果，以下是相关结果（按“" + searched + "”搜索，前 " + results.length + " 条）" + note;
        }
      });
    }).catch(function () {
      if (mine === current) say("unavailable");
    }).then(function () {
      if (mine === current) list.removeAttribute("aria-busy");
    });
  }

  // ---------------------------------------------------------------- suggestions (combobox)

  var options = [];
  var active = -1;
  var typing = 0; // suggestions that arrive after the box was closed or the query sent are dropped

  function closeBox() {
    typing += 1;
    box.hidden = true;
    box.textContent = "";
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function suggest() {
    var typed = input.value.trim();
    if (!typed) return closeBox();
    var mine = ++typing;
    var d = null;
    loadWords().then(function (found) {
      d = found;
      return loadTitles(d);
    }).then(function (names) {
      if (mine !== typing || input.value.trim() !== typed) return;
      var key = simplify(typed, d).replace(/\s+/g, "");
      var wanted = [key].concat(d.means[key] || []);
      var found = names.filter(function (name) {
        return wanted.some(function (w) { return name.indexOf(w) >= 0; });
      });
      found.sort(function (a, b) {
        return (b.indexOf(key) === 0) - (a.indexOf(key) === 0) || a.length - b.length || (a < b ? -1 : 1);
      });
      found = found.filter(function (name) { return name !== key; }).slice(0, 8);
      box.textContent = "";
      options = found.map(function (name, i) {
        var option = document.createElement("li");
        option.id = "zwgk-search-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = name;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(i);
        });
        box.appendChild(option);
        return option;
      });
      active = -1;
      box.hidden = !options.length;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
    });
  }

  function highlight(i) {
    options.forEach(function (option, j) { option.setAttribute("aria-selected", j === i ? "true" : "false"); });
    active = i;
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(i) {
    input.value = options[i].textContent;
    closeBox();
    submit();
  }

  function submit() {
    var query = "?q=" + encodeURIComponent(input.value.trim());
    filterBoxes.forEach(function (select) {
      if (select.value) query += "&" + select.name + "=" + encodeURIComponent(select.value);
    });
    history.replaceState(null, "", query);
    run(input.value);
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", box.id);
  input.setAttribute("aria-expanded", "false");
  input.addEventListener("input", suggest);
  input.addEventListener("blur", function () { setTimeout(closeBox, 150); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Escape" && !box.hidden) {
      event.preventDefault();
      closeBox();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    closeBox();
    submit();
  });
  // what a query is searched as (for the tests and for anyone curious, in the browser's console)
  window.zwgkSearchTerms = function (query) {
    return loadWords().then(function (d) { return slots(query, d); });
  };
  var given = new URLSearchParams(location.search);
  filterBoxes.forEach(function (select) {
    var wanted = given.get(select.name) || "";
    select.value = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; }) ? wanted : "";
    select.addEventListener("change", function () { if (input.value.trim()) submit(); });
  });
  input.value = given.get("q") || "";
  if (input.value) run(input.value);
})();
