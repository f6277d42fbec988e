#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Renders every case below through real Jekyll 4.3.1 (Debian's, on Ruby 3.1 with Liquid 5.4):
# Jekyll's filters on a real `Jekyll::Site` built from tests/fixtures/jekyll_filters with each
# case's config overrides, in `warn` error mode with `render!` (errors raise), as Jekyll's
# renderer runs templates. Writes tests/goldens/jekyll_filters.json, one entry per case with
# its inputs and either `output` or `error` ("Class: first line of the message").
#
# Data values are JSON, with three tagged forms for what JSON cannot say:
#   {"$time": "2024-03-05T10:00:00+01:00"}  a Ruby Time (ISO 8601; `Z` gives a UTC Time)
#   {"$date": "2024-03-05"}                 a Ruby Date
#   {"$drop": {...}}                        a Jekyll drop over that hash (like a document's)
# `tz` sets the process time zone (Jekyll's `timezone` option does the same); the default
# is UTC. Cases with `converter: true` need Jekyll's Markdown/SmartyPants/Sass converters.
#
# Usage: JEKYLL_NO_BUNDLER_REQUIRE=true ruby tests/goldens/gen_jekyll_filters.rb
require 'json'
require 'time'
require 'tmpdir'
require 'jekyll'

ROOT = File.expand_path('../..', __dir__)
FIXTURE = File.join(ROOT, 'tests/fixtures/jekyll_filters')
OUT = File.join(ROOT, 'tests/goldens/jekyll_filters.json')

# A drop with hash data and no methods of its own, as Jekyll's document drops look to filters.
class TestDrop < Jekyll::Drops::Drop
  mutable false

  def fallback_data
    @obj
  end
end

def decode(value)
  case value
  when Hash
    return Time.iso8601(value['$time']) if value.keys == ['$time']
    return Date.iso8601(value['$date']) if value.keys == ['$date']
    return TestDrop.new(decode(value['$drop'])) if value.keys == ['$drop']

    value.transform_values { |v| decode(v) }
  when Array
    value.map { |v| decode(v) }
  else
    value
  end
end

CASES = []

def c(name, template, data = {}, config: {}, tz: nil, converter: false)
  raise "duplicate case #{name}" if CASES.any? { |k| k['name'] == name }

  CASES << {
    'name' => name, 'template' => template, 'data' => data, 'config' => config,
    'tz' => tz, 'converter' => converter,
  }.reject { |_, v| v.nil? || v == false }
end

def t(iso) = { '$time' => iso }
def d(iso) = { '$date' => iso }
def drop(h) = { '$drop' => h }

SITE = { 'url' => 'https://example.com', 'baseurl' => '/blog' }.freeze
POSTS = [
  { 'title' => 'A', 'cat' => 'ruby', 'year' => 2020, 'tags' => %w(x y), 'n' => '10' },
  { 'title' => 'B', 'cat' => 'rust', 'year' => 2021, 'tags' => ['y'], 'n' => '9' },
  { 'title' => 'C', 'cat' => 'ruby', 'year' => 2021, 'tags' => [], 'n' => '1.5' },
  { 'title' => 'D', 'year' => '2020', 'n' => nil },
].freeze
LOOP = '{% for p in r %}{{ p.title }},{% endfor %}'

# ---------------------------------------------------------------- URL filters
[
  ['plain', 'about'], ['slash', '/about/'], ['html', 'about.html'], ['empty', ''],
  ['root', '/'], ['space', '/a b/ü'], ['abs', 'https://other.com/x'], ['mailto', 'mailto:me@x.org'],
  ['protocol_rel', '//cdn.com/x.js'], ['frag', '#top'], ['query', '?q=1&b=a b'],
  ['dots', '/a/../b/./c'], ['pct', 'a%20b%2fc%7e'], ['unicode', '/Ünïcödé/ﬁle'],
  ['colon', 'foo:bar'], ['bad_scheme', 'my file: x'], ['query_frag', '/x?a=%2b+c#f g'],
  ['trailing_dots', '/a/b/..'], ['upper_pct', '/%7Efoo'],
].each do |name, input|
  c("relative_url_#{name}", '{{ x | relative_url }}', { 'x' => input }, config: SITE)
  c("absolute_url_#{name}", '{{ x | absolute_url }}', { 'x' => input }, config: SITE)
end
[
  ['dotdot_rel', '../x'], ['dot_rel', './x'], ['mid_dot', 'a/./b'], ['many_up', '/a/b/../../..'], ['only_up', '/..'],
  ['only_dot', '/.'], ['double_slash', '//'], ['triple_slash', '///x'], ['inner_double', '/a//b'], ['bare_q', '?'],
  ['bare_hash', '#'], ['trailing_q', 'x?'], ['trailing_hash', 'x#'], ['amp_query', '/x?a&&b'], ['semicolon_query', '/x?a;b'],
  ['lone_pct', '/%'], ['short_pct', '/%2'], ['enc_slash', '/a%2Fb'], ['unicode_all', '/ünï?q=é#é'], ['upper_abs', 'HTTP://UP.COM/X'],
  ['js', 'javascript:alert(1)'], ['tel', 'tel:+1-555'], ['colon_path', '/a:b'], ['spaces_all', '/x y?a b#c d'],
  ['tab', "/x\ty"], ['padded', '  /x  '], ['nbsp', "/\u00a0x"], ['fullwidth', '/ｆｕｌｌ'], ['dot_segments_mixed', '/a/./b/../c/.'],
  ['percent_upper', '/%c3%bc'], ['pct_unreserved', '/%41%2D%5F'], ['plus', '/a+b'], ['at_sign', '/@user'], ['brackets', '/[x]'],
  ['frag_slash', '/x#/a/b?c'], ['query_pct', '/x?q=%20%zz%'], ['newline_frag', "/x#a\nb"], ['dotfile', '.htaccess'], ['dotdot_file', '..x'],
].each do |name, input|
  c("relative_url_#{name}", '{{ x | relative_url }}', { 'x' => input }, config: SITE)
  c("absolute_url_#{name}", '{{ x | absolute_url }}', { 'x' => input }, config: SITE)
end
[
  ['baseurl_trailing', { 'baseurl' => '/blog/' }], ['baseurl_no_slash', { 'baseurl' => 'blog' }],
  ['baseurl_double', { 'baseurl' => '/blog//' }], ['url_trailing', { 'url' => 'https://example.com/' }],
  ['url_no_scheme', { 'url' => 'example.com' }], ['url_localhost', { 'url' => 'http://localhost:4000', 'baseurl' => '' }],
  ['url_https_443', { 'url' => 'https://example.com:443' }], ['url_upper_idn', { 'url' => 'https://BÜCHER.example' }],
  ['url_ftp', { 'url' => 'ftp://files.example.com:21' }], ['url_trailing_dot', { 'url' => 'https://example.com.' }],
  ['baseurl_unicode', { 'baseurl' => '/bücher' }], ['baseurl_pct', { 'baseurl' => '/a%20b' }],
  ['url_query', { 'url' => 'https://example.com?x=1' }], ['url_bad_host', { 'url' => 'https://exa mple.com' }],
  ['url_empty_port', { 'url' => 'https://example.com:' }],
].each do |name, config|
  c("url_config_#{name}", '{{ "/x/" | relative_url }} {{ "/x/" | absolute_url }}', config: config)
end
c('relative_url_nil', '[{{ x | relative_url }}]', { 'x' => nil }, config: SITE)
c('absolute_url_nil', '[{{ x | absolute_url }}]', { 'x' => nil }, config: SITE)
c('relative_url_int', '{{ 5 | relative_url }}', config: SITE)
c('absolute_url_int', '{{ 5 | absolute_url }}', config: SITE)
c('relative_url_no_config', '{{ "about" | relative_url }}')
c('absolute_url_no_config', '{{ "about" | absolute_url }}')
c('absolute_url_empty_url', '{{ "/about" | absolute_url }}', config: { 'url' => '', 'baseurl' => '/b' })
c('absolute_url_normalizes_host', '{{ "/x" | absolute_url }}',
  config: { 'url' => 'HTTP://Example.COM:80', 'baseurl' => 'blog/' })
c('absolute_url_port', '{{ "/x" | absolute_url }}', config: { 'url' => 'https://example.com:8443' })
c('absolute_url_url_with_path', '{{ "x" | absolute_url }}', config: { 'url' => 'https://example.com/sub/' })
c('absolute_url_idn', '{{ "x" | absolute_url }}', config: { 'url' => 'https://bücher.example' })
c('relative_url_baseurl_slash', '{{ "/x" | relative_url }}', config: { 'baseurl' => '/' })
c('relative_url_baseurl_space', '{{ "x y" | relative_url }}', config: { 'baseurl' => '/my site' })
c('relative_url_baseurl_int', '{{ "x" | relative_url }}', config: { 'baseurl' => 2024 })
c('absolute_url_userinfo', '{{ "x" | absolute_url }}', config: { 'url' => 'http://user:pw@Host.com' })
c('relative_url_args', '{{ "x" | relative_url: 1 }}', config: SITE)
c('absolute_url_then_append', '{{ "x" | absolute_url | append: "!" }}', config: SITE)
[
  ['dir', '/a/index.html'], ['htm', '/a/index.htm'], ['root', '/index.html'], ['bare', 'index.html'],
  ['query', '/a/index.html?x'], ['other', '/a/page.html'], ['multiline', "/a/index.html\n/b"],
  ['empty', ''], ['nil', nil], ['upper', '/a/INDEX.HTML'],
].each do |name, input|
  c("strip_index_#{name}", '[{{ x | strip_index }}]', { 'x' => input })
end
c('strip_index_int', '{{ 5 | strip_index }}')

# ---------------------------------------------------------------- slugify
SLUG_INPUTS = [
  ['config', 'The _config.yml file'], ['punct', '  Hello, World!  '], ['accents', 'Ünïcödé ñ Crème Brûlée'],
  ['cjk', '日本語 テスト'], ['hyphens', 'a--b__c'], ['edges', '-x-'], ['symbols', '!!!'],
  ['greek', 'ΣΑΣ Όμορφο'], ['turkish', 'İstanbul'], ['mixed', "C++ / C# & 'F#'"],
  ['emoji', 'emoji 😀 ok'], ['tab', "tab\there\nnew"], ['pretty_chars', "a.b~c!d$e&f'g(h)i+j,k;l=m@n:o?p"],
  ['digits', 'Version 2.0 ٣ ²'], ['marks', "e\u0301 a\u0308"], ['ligature', 'ﬁne Æsir Œuvre ß'],
]
SLUG_MODES = [[nil, ''], ['raw', ': "raw"'], ['default', ': "default"'], ['pretty', ': "pretty"'],
              ['ascii', ': "ascii"'], ['latin', ': "latin"'], ['none', ': "none"'], ['bogus', ': "Bogus"']]
SLUG_INPUTS.each do |iname, input|
  SLUG_MODES.each do |mode, arg|
    c("slugify_#{mode || 'nil'}_#{iname}", "[{{ x | slugify#{arg} }}]", { 'x' => input })
  end
end
c('slugify_nil', '[{{ x | slugify }}]', { 'x' => nil })
c('slugify_nil_mode_none', '[{{ x | slugify: "none" }}]', { 'x' => nil })
c('slugify_int', '{{ 5 | slugify }}')
c('slugify_int_none', '{{ 5 | slugify: "none" }}')
c('slugify_cased_arg', '{{ "A B" | slugify: "pretty", true }}')
c('slugify_keyword', '{{ "A B" | slugify: mode: "raw" }}')
c('slugify_nil_mode_var', '{{ "A B" | slugify: m }}', { 'm' => nil })

# ---------------------------------------------------------------- escaping
[
  ['basic', %(foo "bar" <baz> & 'q')], ['nil', nil], ['int', 5], ['array', [1, 'a<b']], ['newline', "a\n"],
  ['quote', '"'], ['quotes', '""'], ['unicode', 'é ü'], ['hash', { 'a' => '<' }], ['float', 2.5],
].each do |name, input|
  c("xml_escape_#{name}", '[{{ x | xml_escape }}]', { 'x' => input })
end
[
  ['basic', 'foo,bar;baz?'], ['space_plus', 'a b+c'], ['unicode', 'ü/é'], ['unreserved', '~-._*'],
  ['empty', ''], ['nil', nil], ['int', 5], ['percent', '100%'],
].each do |name, input|
  c("cgi_escape_#{name}", '[{{ x | cgi_escape }}]', { 'x' => input })
end
[
  ['basic', 'foo, bar \\baz?'], ['encoded', 'a%20b'], ['percent', '100%'], ['unicode', 'ü é'],
  ['nfkc', 'ﬁ ①'], ['bad_pct', '%zz'], ['brackets', '[]#@!$&\'()*+,;='], ['nil', nil], ['int', 5],
  ['invalid_utf8', '%FF%FEa b'], ['plus', 'a+b'], ['lower_pct', '%7e%3a'], ['quote', '"<x>"'],
  ['array', %w(a b)],
].each do |name, input|
  c("uri_escape_#{name}", '[{{ x | uri_escape }}]', { 'x' => input })
end

# ---------------------------------------------------------------- text
[
  ['basic', "  a \n\t b  "], ['nil', nil], ['int', 5], ['nbsp', "\u00a0x\u00a0 y"], ['empty', ''],
  ['array', ['a  b', 'c']], ['vtab', "a\vb\fc\rd"],
].each do |name, input|
  c("normalize_whitespace_#{name}", '[{{ x | normalize_whitespace }}]', { 'x' => input })
end
[
  ['basic', 'hello world', ''], ['spaces', '  ', ''], ['nil', nil, ''], ['int', 5, ''],
  ['cjk_default', '日本語のテキスト です', ''], ['cjk', 'Hello 世界 and 日本', ': "cjk"'],
  ['cjk_ascii', 'one two three', ': "cjk"'], ['auto_mixed', 'Hello 世界 and 日本', ': "auto"'],
  ['auto_ascii', 'one two  three', ': "auto"'], ['hangul', '한국어 텍스트', ': "cjk"'],
  ['kana', 'カタカナ ひらがな', ': "auto"'], ['punct', 'a-b c, d', ''], ['bogus_mode', 'a b', ': "x"'],
  ['nbsp', "a\u00a0b c", ''], ['cjk_nil', nil, ': "cjk"'], ['tabs', "a\tb\nc", ': "auto"'],
].each do |name, input, arg|
  c("number_of_words_#{name}", "{{ x | number_of_words#{arg} }}", { 'x' => input })
end
[
  ['empty', [], ''], ['one', ['a'], ''], ['two', %w(a b), ''], ['three', %w(a b c), ''],
  ['connector', %w(a b c), ': "or"'], ['two_connector', %w(a b), ': "&"'],
  ['mixed', [1, nil, [2, 3], 4.0, { 'k' => 'v' }], ''], ['two_arrays', [[1, 2], nil], ''],
  ['string1', 'a', ''], ['string2', 'ab', ''], ['string3', 'abc', ''], ['nil', nil, ''],
  ['hash2', { 'a' => 1, 'b' => 2 }, ''], ['nil_connector', %w(a b c), ': nil'], ['int', 5, ''],
].each do |name, input, arg|
  c("array_to_sentence_string_#{name}", "[{{ x | array_to_sentence_string#{arg} }}]", { 'x' => input })
end

# ---------------------------------------------------------------- jsonify / inspect
[
  ['hash', { 'a' => { 'b' => [1, 2.5, nil, true] }, 'c' => 'x' }],
  ['string', "q\"b\\s/ \u0001\n\t é \u2028 \u007f"], ['nil', nil], ['int', 5], ['float', 1.0],
  ['big_float', 1.0e20], ['small_float', 1.0e-5], ['neg_zero', -0.0], ['time', t('2024-03-05T10:00:00+01:00')],
  ['utc_time', t('2024-03-05T10:00:00Z')], ['date', d('2024-03-05')],
  ['drop', drop({ 'title' => 'T', 'tags' => ['a'], 'n' => nil })], ['array_of_drops', [drop({ 'a' => 1 }), 2]],
  ['empty_array', []], ['empty_hash', {}], ['bool', false],
].each do |name, input|
  c("jsonify_#{name}", '{{ x | jsonify }}', { 'x' => input })
end
c('jsonify_range', '{{ (1..3) | jsonify }}')
c('jsonify_string_literal', %({{ "a'b" | jsonify }}))
[
  ['string', %(a "q" <b> & 'c')], ['interp', "\#{x} \#$y \#@z #a"], ['escapes', "tab\tnl\n\e\u0001\u007f"],
  ['unicode', "é 😀 \u2028 \u0085"], ['nil', nil], ['int', 5], ['float', 2.5], ['array', [1, nil, 'a', [2.0]]],
  ['hash', { 'a' => 1, 'b' => { 'c' => [nil] } }], ['bool', true], ['time', t('2024-03-05T10:00:00+01:00')],
  ['time_frac', t('2024-03-05T10:00:00.25Z')], ['drop', drop({ 'a' => 1, 'b' => [1, 'x'], 'c' => {} })],
  ['array_with_drop', [drop({ 'a' => [] })]], ['date', d('2024-03-05')], ['empty_drop', drop({})],
].each do |name, input|
  c("inspect_#{name}", '{{ x | inspect }}', { 'x' => input })
end
c('inspect_range', '{{ (1..3) | inspect }}')

# ---------------------------------------------------------------- to_integer
[
  ['int', 5], ['true', true], ['false', false], ['nil', nil], ['string', '42abc'], ['neg_string', ' -7 '],
  ['float', 3.99], ['neg_float', -3.99], ['bad', 'abc'], ['array', [1]], ['hash', {}],
  ['time', t('2024-03-05T10:00:00Z')], ['underscore', '1_000'], ['hex', '0x1A'],
].each do |name, input|
  c("to_integer_#{name}", '{{ x | to_integer }}', { 'x' => input })
end

# ---------------------------------------------------------------- where / find
WHERE_DATA = { 'posts' => POSTS }
c('where_string', "{% assign r = posts | where: 'cat', 'ruby' %}#{LOOP}", WHERE_DATA)
c('where_int_vs_string', "{% assign r = posts | where: 'year', '2020' %}#{LOOP}", WHERE_DATA)
c('where_int_value', "{% assign r = posts | where: 'year', 2021 %}#{LOOP}", WHERE_DATA)
c('where_array_property', "{% assign r = posts | where: 'tags', 'y' %}#{LOOP}", WHERE_DATA)
c('where_nil_value', "{% assign r = posts | where: 'cat', nil %}#{LOOP}", WHERE_DATA)
c('where_missing_value_var', "{% assign r = posts | where: 'cat', nope %}#{LOOP}", WHERE_DATA)
c('where_empty_string', "{% assign r = posts | where: 'cat', '' %}#{LOOP}", WHERE_DATA)
c('where_empty_literal', "{% assign r = posts | where: 'tags', empty %}#{LOOP}", WHERE_DATA)
c('where_blank_literal', "{% assign r = posts | where: 'cat', blank %}#{LOOP}", WHERE_DATA)
c('where_numeric_string', "{% assign r = posts | where: 'n', 10 %}#{LOOP}", WHERE_DATA)
c('where_float_string', "{% assign r = posts | where: 'n', '1.5' %}#{LOOP}", WHERE_DATA)
c('where_nil_property', "{% assign r = posts | where: nil, 'x' %}{{ r.size }}", WHERE_DATA)
c('where_array_value', "{% assign r = posts | where: 'cat', tags %}{{ r.size }}", WHERE_DATA.merge('tags' => ['x']))
c('where_hash_value', "{% assign r = posts | where: 'cat', h %}{{ r.size }}", WHERE_DATA.merge('h' => { 'a' => 1 }))
c('where_no_match', "{{ posts | where: 'cat', 'go' | jsonify }}", WHERE_DATA)
c('where_dotted', "{{ x | where: 'a.b', 1 | jsonify }}",
  { 'x' => [{ 'a' => { 'b' => 1 } }, { 'a' => { 'b' => '1' } }, { 'a' => nil }, { 'a' => { 'b' => 2 } }] })
c('where_dotted_false', "{{ x | where: 'a.b.c', 'false' | jsonify }}",
  { 'x' => [{ 'a' => nil }, { 'a' => { 'b' => nil } }, { 'a' => { 'b' => { 'c' => 'z' } } }] })
c('where_hash_input', "{{ h | where: 'k', 'v' | jsonify }}",
  { 'h' => { 'one' => { 'k' => 'v' }, 'two' => { 'k' => 'w' } } })
c('where_string_input', "{{ 'abc' | where: 'k', 'v' }}")
c('where_nil_input', "[{{ x | where: 'k', 'v' }}]")
c('where_int_input', '{{ 5 | where: "k", "v" }}')
c('where_string_items', "{{ x | where: 'ab', 'ab' | jsonify }}", { 'x' => %w(xaby ab b) })
c('where_int_items', "{{ x | where: 'a', 1 }}", { 'x' => [1, 2] })
c('where_nil_item', "{{ x | where: 'a', 1 }}", { 'x' => [nil, { 'a' => 1 }] })
c('where_drops', "{% assign r = x | where: 'cat', 'ruby' %}#{LOOP}",
  { 'x' => [drop({ 'title' => 'A', 'cat' => 'ruby' }), drop({ 'title' => 'B', 'cat' => 'go' })] })
c('where_float_value', "{{ x | where: 'a', 1.0 | jsonify }}", { 'x' => [{ 'a' => 1 }, { 'a' => 1.0 }, { 'a' => '1.0' }] })
c('where_bool', "{{ x | where: 'a', true | jsonify }}", { 'x' => [{ 'a' => true }, { 'a' => 'true' }, { 'a' => false }] })
c('where_hash_property', "{% assign r = x | where: 'a', h %}{{ r.size }}", { 'x' => [{ 'a' => { 'k' => 1 } }], 'h' => '["k", 1]' })
c('where_hash_property_pair', "{{ x | where: 'a', s | jsonify }}", { 'x' => [{ 'a' => { 'k' => 1 } }], 's' => '["k", 1]' })
c('where_nested_array_property', "{{ x | where: 'a', '[1, 2]' | jsonify }}", { 'x' => [{ 'a' => [[1, 2], 3] }] })
c('where_space_int', "{{ x | where: 'a', '7' | jsonify }}", { 'x' => [{ 'a' => ' 7 ' }, { 'a' => '07' }] })
c('where_arity', "{{ x | where: 'a' }}", { 'x' => [] })
c('where_dot_property', "{{ x | where: '.', 'ab' | jsonify }}", { 'x' => %w(ab cd) })
c('find_string', "{{ posts | find: 'cat', 'ruby' | jsonify }}", WHERE_DATA)
c('find_none', "[{{ posts | find: 'cat', 'go' | jsonify }}]", WHERE_DATA)
c('find_int', "{{ posts | find: 'year', 2021 | jsonify }}", WHERE_DATA)
c('find_array_property', "{{ posts | find: 'tags', 'x' | jsonify }}", WHERE_DATA)
c('find_nil_value', "{{ posts | find: 'cat', nil | jsonify }}", WHERE_DATA)
c('find_array_value', "{% assign r = posts | find: 'cat', tags %}{{ r.size }}", WHERE_DATA.merge('tags' => ['x']))
c('find_hash_input', "{{ h | find: 'k', 'w' | jsonify }}", { 'h' => { 'one' => { 'k' => 'v' }, 'two' => { 'k' => 'w' } } })
c('find_string_input', "{{ 'abc' | find: 'k', 'v' }}")
c('find_drop', "{{ x | find: 'cat', 'go' | jsonify }}",
  { 'x' => [drop({ 'title' => 'A', 'cat' => 'ruby' }), drop({ 'title' => 'B', 'cat' => 'go' })] })

# ---------------------------------------------------------------- where_exp / find_exp
c('where_exp_eq', "{% assign r = posts | where_exp: 'p', \"p.cat == 'ruby'\" %}#{LOOP}", WHERE_DATA)
c('where_exp_ne', "{% assign r = posts | where_exp: 'p', \"p.cat != 'ruby'\" %}#{LOOP}", WHERE_DATA)
c('where_exp_gt', "{% assign r = posts | where_exp: 'p', 'p.year > 2020' %}#{LOOP}",
  { 'posts' => POSTS.first(3) })
c('where_exp_contains', "{% assign r = posts | where_exp: 'p', \"p.tags contains 'y'\" %}#{LOOP}", WHERE_DATA)
c('where_exp_and', "{% assign r = posts | where_exp: 'p', \"p.cat == 'ruby' and p.year == 2021\" %}#{LOOP}", WHERE_DATA)
c('where_exp_or', "{% assign r = posts | where_exp: 'p', \"p.cat == 'rust' or p.year == 2020\" %}#{LOOP}", WHERE_DATA)
c('where_exp_truthy', "{% assign r = posts | where_exp: 'p', 'p.cat' %}#{LOOP}", WHERE_DATA)
c('where_exp_empty', "{{ x | where_exp: 'i', 'i == empty' | jsonify }}", { 'x' => ['', 'a', []] })
c('where_exp_ne_empty', "{{ x | where_exp: 'i', 'i != empty' | jsonify }}", { 'x' => ['', 'a', []] })
c('where_exp_contains_empty', "{{ x | where_exp: 'i', 'i contains empty' | jsonify }}", { 'x' => ['', 'a', [], nil] })
c('where_exp_blank', "{{ x | where_exp: 'i', 'i == blank' | jsonify }}", { 'x' => ['', ' '] })
c('where_exp_outer_var', "{{ x | where_exp: 'i', 'i == target' | jsonify }}", { 'x' => [1, 2, 3], 'target' => 2 })
c('where_exp_shadow', "{{ x | where_exp: 'i', 'i > 1' | jsonify }}{{ i }}", { 'x' => [1, 2, 3], 'i' => 'outer' })
c('where_exp_hash_input', "{{ h | where_exp: 'v', 'v > 1' | jsonify }}", { 'h' => { 'a' => 1, 'b' => 2 } })
c('where_exp_string_input', "{{ 'abc' | where_exp: 'v', 'v' }}")
c('where_exp_nil_input', "[{{ x | where_exp: 'v', 'v' }}]")
c('where_exp_range', "{{ (1..5) | where_exp: 'v', 'v >= 4' | jsonify }}")
c('where_exp_syntax_error', "{{ x | where_exp: 'i', 'i ==' }}", { 'x' => [1] })
c('where_exp_trailing', "{{ x | where_exp: 'i', 'i == 1 2' }}", { 'x' => [1] })
c('where_exp_bad_op', "{{ x | where_exp: 'i', 'i =! 1' }}", { 'x' => [1] })
c('where_exp_empty_expr', "{{ x | where_exp: 'i', '' }}", { 'x' => [1] })
c('where_exp_compare_error', "{{ x | where_exp: 'i', 'i < 2' }}", { 'x' => [1, 'a'] })
c('where_exp_drops', "{% assign r = x | where_exp: 'd', \"d.cat == 'go'\" %}#{LOOP}",
  { 'x' => [drop({ 'title' => 'A', 'cat' => 'ruby' }), drop({ 'title' => 'B', 'cat' => 'go' })] })
c('where_exp_range_literal', "{{ x | where_exp: 'i', '(1..3) contains i' | jsonify }}", { 'x' => [0, 2, 4] })
c('where_exp_size', "{{ x | where_exp: 'i', 'i.size == 2' | jsonify }}", { 'x' => ['ab', [1, 2], 'c'] })
c('where_exp_nested_loop', "{% for o in outer %}{{ o.items | where_exp: 'i', 'i == o.want' | jsonify }}{% endfor %}",
  { 'outer' => [{ 'items' => [1, 2], 'want' => 2 }, { 'items' => [1, 2], 'want' => 1 }] })
c('find_exp_eq', "{{ posts | find_exp: 'p', 'p.year == 2021' | jsonify }}", WHERE_DATA)
c('find_exp_none', "[{{ posts | find_exp: 'p', 'p.year == 1999' }}]", WHERE_DATA)
c('find_exp_hash_input', "{{ h | find_exp: 'v', 'v > 1' }}", { 'h' => { 'a' => 1, 'b' => 2 } })
c('find_exp_string_input', "{{ 'abc' | find_exp: 'v', 'v' }}")
c('find_exp_first_truthy', "{{ x | find_exp: 'v', 'v' }}", { 'x' => [nil, false, 0, 1] })
c('find_exp_syntax_error', "{{ x | find_exp: 'i', 'i ==' }}", { 'x' => [1] })

# ---------------------------------------------------------------- group_by
c('group_by_cat', "{{ posts | group_by: 'cat' | jsonify }}", { 'posts' => POSTS.first(3) })
c('group_by_year_mixed', "{% assign g = posts | group_by: 'year' %}{% for x in g %}{{ x.name }}:{{ x.size }};{% endfor %}", WHERE_DATA)
c('group_by_missing', "{% assign g = posts | group_by: 'nope' %}{% for x in g %}[{{ x.name }}]:{{ x.size }};{% endfor %}", WHERE_DATA)
c('group_by_array_prop', "{% assign g = posts | group_by: 'tags' %}{% for x in g %}{{ x.name }}:{{ x.size }};{% endfor %}", WHERE_DATA)
c('group_by_numeric_strings', "{% assign g = x | group_by: 'n' %}{% for x in g %}{{ x.name }}:{{ x.size }};{% endfor %}",
  { 'x' => [{ 'n' => '1' }, { 'n' => 1 }, { 'n' => ' 1' }, { 'n' => '1.0' }, { 'n' => 1.0 }] })
c('group_by_nil_input', '[{{ x | group_by: "a" }}]')
c('group_by_string_input', "{{ 'abc' | group_by: 'a' }}")
c('group_by_hash_input', "{{ h | group_by: 'a' }}", { 'h' => { 'a' => 1 } })
c('group_by_drops', "{% assign g = x | group_by: 'cat' %}{% for x in g %}{{ x.name }}:{{ x.items.size }};{% endfor %}",
  { 'x' => [drop({ 'cat' => 'a' }), drop({ 'cat' => 'b' }), drop({ 'cat' => 'a' })] })
c('group_by_dates', "{% assign g = x | group_by: 'd' %}{% for x in g %}{{ x.name }}:{{ x.size }};{% endfor %}",
  { 'x' => [{ 'd' => d('2024-01-02') }, { 'd' => t('2024-01-02T00:00:00Z') }] })
c('group_by_exp_year', "{% assign g = posts | group_by_exp: 'p', 'p.year' %}{% for x in g %}{{ x.name | inspect }}:{{ x.size }};{% endfor %}", WHERE_DATA)
c('group_by_exp_filter', "{{ x | group_by_exp: 'i', 'i | append: 1' | jsonify }}", { 'x' => [1, 2, '1'] })
c('group_by_exp_eql', "{{ x | group_by_exp: 'i', 'i' | jsonify }}", { 'x' => [1, 1.0, '1', nil, 1] })
c('group_by_exp_hash_input', "{{ h | group_by_exp: 'i', 'i[1]' | jsonify }}", { 'h' => { 'a' => 1, 'b' => 2, 'c' => 1 } })
c('group_by_exp_nil_input', "[{{ x | group_by_exp: 'i', 'i' }}]")
c('group_by_exp_lax', "{{ x | group_by_exp: 'i', 'i | append: 1 2' | jsonify }}", { 'x' => %w(a b) })
c('group_by_exp_shadow', "{% assign r = x | group_by_exp: 'i', 'i' %}{{ r.size }}{{ i }}", { 'x' => [1], 'i' => 'outer' })
c('group_by_exp_range', "{{ (1..3) | group_by_exp: 'i', 'i | append: 0' | jsonify }}")
c('group_by_arity', "{{ x | group_by }}", { 'x' => [] })

# ---------------------------------------------------------------- sort
c('sort_plain', '{{ x | sort | jsonify }}', { 'x' => [3, 1, 2.5, -1] })
c('sort_strings', '{{ x | sort | jsonify }}', { 'x' => %w(b B a ä 10 9) })
c('sort_mixed_error', '{{ x | sort }}', { 'x' => [1, 'a'] })
c('sort_mixed_error2', '{{ x | sort }}', { 'x' => ['a', 1, 2] })
c('sort_nil_elem_error', '{{ x | sort }}', { 'x' => [1, nil] })
c('sort_nil_input', '{{ x | sort }}')
c('sort_nil_input_property', '{{ x | sort: "a" }}')
c('sort_string_input', '{{ "cba" | sort }}')
c('sort_hash_input', '{{ h | sort | jsonify }}', { 'h' => { 'b' => 1, 'a' => 2 } })
c('sort_range', '{{ (1..3) | sort | jsonify }}')
c('sort_arrays', '{{ x | sort | jsonify }}', { 'x' => [[2, 1], [1, 'b'], [1, 'a']] })
c('sort_property', "{% assign r = posts | sort: 'title' %}#{LOOP}", { 'posts' => POSTS.reverse })
c('sort_property_numeric_strings', "{% assign r = posts | sort: 'n' %}#{LOOP}", WHERE_DATA)
c('sort_property_nils_last', "{% assign r = posts | sort: 'n', 'last' %}#{LOOP}", WHERE_DATA)
c('sort_property_missing', "{% assign r = posts | sort: 'cat' %}#{LOOP}", WHERE_DATA)
c('sort_property_missing_last', "{% assign r = posts | sort: 'cat', 'last' %}#{LOOP}", WHERE_DATA)
c('sort_property_mixed_types', "{% assign r = posts | sort: 'year' %}#{LOOP}", WHERE_DATA)
c('sort_property_bad_nils', "{{ posts | sort: 'year', 'middle' }}", WHERE_DATA)
c('sort_nil_property_bad_nils', '{{ x | sort: nil, "middle" | jsonify }}', { 'x' => [2, 1] })
c('sort_property_stable', "{% assign r = x | sort: 'k' %}#{LOOP}",
  { 'x' => (1..12).map { |i| { 'title' => i.to_s, 'k' => i % 3 } } })
c('sort_property_hashes', '{{ x | sort: "a" | jsonify }}',
  { 'x' => [{ 'a' => { 'b' => 1 } }, { 'a' => true }, { 'a' => false }, { 'a' => { 'b' => 0 } }, { 'a' => 'z' }] })
c('sort_property_dotted', "{% assign r = x | sort: 'm.k' %}#{LOOP}",
  { 'x' => [{ 'title' => 'a', 'm' => { 'k' => 2 } }, { 'title' => 'b', 'm' => { 'k' => 1 } }, { 'title' => 'c' }] })
c('sort_property_dates', "{% assign r = x | sort: 'd' %}#{LOOP}",
  { 'x' => [{ 'title' => 'a', 'd' => t('2024-03-05T10:00:00Z') }, { 'title' => 'b', 'd' => t('2023-01-01T00:00:00Z') },
            { 'title' => 'c', 'd' => '2023-06-01' }] })
c('sort_property_drops', "{% assign r = x | sort: 'n' %}#{LOOP}",
  { 'x' => [drop({ 'title' => 'a', 'n' => 3 }), drop({ 'title' => 'b', 'n' => 1 })] })
c('sort_property_floats', "{% assign r = x | sort: 'n' %}#{LOOP}",
  { 'x' => [{ 'title' => 'a', 'n' => '.5' }, { 'title' => 'b', 'n' => '-1.' }, { 'title' => 'c', 'n' => 0.25 },
            { 'title' => 'd', 'n' => '1e3' }] })
c('sort_property_int_items', '{{ x | sort: "a" }}', { 'x' => [2, 1] })
c('sort_property_string_items', '{{ x | sort: "b" | jsonify }}', { 'x' => %w(abc b bcd) })
c('sort_empty', '{{ x | sort | jsonify }}', { 'x' => [] })
c('sort_arity', '{{ x | sort: "a", "first", 3 }}', { 'x' => [] })
c('sort_empty_string_property', "{{ x | sort: '' | jsonify }}", { 'x' => [{ '' => 2 }, { '' => 1 }] })

# ---------------------------------------------------------------- array mutation
[
  ['pop', '{{ x | pop | jsonify }}', { 'x' => [1, 2, 3] }],
  ['pop_n', '{{ x | pop: 2 | jsonify }}', { 'x' => [1, 2, 3] }],
  ['pop_string_n', '{{ x | pop: "2" | jsonify }}', { 'x' => [1, 2, 3] }],
  ['pop_too_many', '{{ x | pop: 5 | jsonify }}', { 'x' => [1, 2, 3] }],
  ['pop_negative', '{{ x | pop: -1 }}', { 'x' => [1] }],
  ['pop_bad_n', '{{ x | pop: "a" }}', { 'x' => [1] }],
  ['pop_float_n', '{{ x | pop: 1.5 }}', { 'x' => [1] }],
  ['pop_not_array', '{{ "abc" | pop }}', {}],
  ['pop_keeps_original', '{% assign y = x | pop %}{{ x | jsonify }}{{ y | jsonify }}', { 'x' => [1, 2] }],
  ['shift', '{{ x | shift | jsonify }}', { 'x' => [1, 2, 3] }],
  ['shift_n', '{{ x | shift: 2 | jsonify }}', { 'x' => [1, 2, 3] }],
  ['shift_zero', '{{ x | shift: 0 | jsonify }}', { 'x' => [1, 2, 3] }],
  ['shift_negative', '{{ x | shift: -2 }}', { 'x' => [1] }],
  ['shift_hex', '{{ x | shift: "0x2" | jsonify }}', { 'x' => [1, 2, 3] }],
  ['shift_nil_n', '{{ x | shift: nil }}', { 'x' => [1] }],
  ['shift_hash', '{{ h | shift }}', { 'h' => { 'a' => 1 } }],
  ['push', '{{ x | push: 4 | jsonify }}', { 'x' => [1, 2, 3] }],
  ['push_array', '{{ x | push: y | jsonify }}', { 'x' => [1], 'y' => [2, 3] }],
  ['push_nil', '{{ x | push: nil | jsonify }}', { 'x' => [] }],
  ['push_not_array', '{{ "a" | push: "b" }}', {}],
  ['push_arity', '{{ x | push }}', { 'x' => [] }],
  ['unshift', '{{ x | unshift: 0 | jsonify }}', { 'x' => [1, 2] }],
  ['unshift_not_array', '[{{ x | unshift: 0 }}]', {}],
  ['unshift_keeps_original', '{% assign y = x | unshift: 0 %}{{ x | jsonify }}', { 'x' => [1] }],
  ['sample_one', '{{ x | sample }}', { 'x' => ['only'] }],
  ['sample_empty', '[{{ x | sample }}]', { 'x' => [] }],
  ['sample_zero', '{{ x | sample: 0 | jsonify }}', { 'x' => [1, 2] }],
  ['sample_all', '{% assign s = x | sample: 5 %}{{ s.size }}', { 'x' => [1, 2, 3] }],
  ['sample_bad_n', '{{ x | sample: "abc" }}', { 'x' => ['one'] }],
  ['sample_negative', '{{ x | sample: -1 }}', { 'x' => [1] }],
  ['sample_not_array', '{{ "abc" | sample }}', {}],
  ['sample_hash', '{{ h | sample }}', { 'h' => { 'a' => 1 } }],
].each do |name, tpl, data|
  c(name, tpl, data)
end

# ---------------------------------------------------------------- dates
DATE_INPUTS = [
  ['time_offset', t('2024-03-05T10:04:05+01:00')], ['time_utc', t('2024-03-05T23:30:00Z')],
  ['date', d('2024-03-05')], ['string_iso', '2024-03-05T10:04:05+05:30'], ['string_date', '2024-03-05'],
  ['string_space', '2024-03-05 10:04:05 -0800'], ['string_rfc', 'Tue, 05 Mar 2024 10:04:05 +0100'],
  ['string_words', 'March 5, 2024'], ['string_dmy', '5 Mar 2024 08:00'], ['epoch_int', 1_700_000_000],
  ['epoch_string', '1700000000'], ['string_z', '2024-03-05T10:04:05Z'], ['string_slash', '2024/03/05'],
  ['string_upper', '2024-03-05T10:04:05+01:00'.upcase],
]
DATE_FILTERS = [
  ['xmlschema', 'date_to_xmlschema'], ['rfc822', 'date_to_rfc822'], ['string', 'date_to_string'],
  ['long_string', 'date_to_long_string'], ['ordinal_us', 'date_to_string: "ordinal", "US"'],
  ['long_ordinal', 'date_to_long_string: "ordinal"'],
]
DATE_INPUTS.each do |iname, input|
  DATE_FILTERS.each do |fname, filter|
    c("date_#{fname}_#{iname}", "{{ x | #{filter} }}", { 'x' => input })
  end
end
[1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].each do |day|
  c("date_ordinal_day_#{day}", '{{ x | date_to_string: "ordinal" }}|{{ x | date_to_long_string: "ordinal", "US" }}',
    { 'x' => d(format('2024-01-%02d', day)) })
end
c('date_us_without_ordinal', '{{ x | date_to_string: nil, "US" }}', { 'x' => d('2024-03-05') })
c('date_bogus_type', '{{ x | date_to_long_string: "bogus", "US" }}', { 'x' => d('2024-03-05') })
c('date_lowercase_us', '{{ x | date_to_string: "ordinal", "us" }}', { 'x' => d('2024-03-05') })
%w(date_to_xmlschema date_to_rfc822 date_to_string date_to_long_string).each do |f|
  c("#{f}_nil", "[{{ x | #{f} }}]")
  c("#{f}_empty", "[{{ '' | #{f} }}]")
  c("#{f}_garbage", "{{ 'not a date' | #{f} }}")
  c("#{f}_array", "{{ x | #{f} }}", { 'x' => [] })
  c("#{f}_float", "{{ 1.5 | #{f} }}")
end
c('date_tz_new_york', '{{ x | date_to_xmlschema }} {{ x | date_to_rfc822 }} {{ x | date_to_string }}',
  { 'x' => t('2024-03-05T03:00:00Z') }, tz: 'America/New_York')
c('date_tz_new_york_dst', '{{ x | date_to_xmlschema }}', { 'x' => t('2024-07-05T03:00:00Z') }, tz: 'America/New_York')
c('date_tz_date', '{{ x | date_to_xmlschema }}', { 'x' => d('2024-07-05') }, tz: 'America/New_York')
c('date_tz_string_no_zone', '{{ x | date_to_xmlschema }}', { 'x' => '2024-01-05 10:00' }, tz: 'Asia/Kolkata')
c('date_tz_epoch', '{{ x | date_to_rfc822 }}', { 'x' => 0 }, tz: 'Asia/Kolkata')
c('date_frac_seconds', '{{ x | date_to_xmlschema }}', { 'x' => t('2024-03-05T10:04:05.75+01:00') })
c('date_arity', '{{ x | date_to_xmlschema: 1 }}', { 'x' => d('2024-03-05') })

# ---------------------------------------------------------------- more mixes
c('jsonify_nested_drop_in_hash', '{{ x | jsonify }}', { 'x' => { 'a' => drop({ 'b' => [1, { 'c' => nil }] }) } })
c('inspect_hash_with_drop', '{{ x | inspect }}', { 'x' => { 'a' => drop({ 'b' => 1 }) } })
c('inspect_nested_empties', '{{ x | inspect }}', { 'x' => drop({ 'a' => [[], {}], 'b' => { 'c' => [] } }) })
c('where_date_property', "{% assign r = x | where: 'd', '2024-03-05' %}{{ r.size }}",
  { 'x' => [{ 'd' => d('2024-03-05') }, { 'd' => t('2024-03-05T00:00:00Z') }, { 'd' => '2024-03-05' }] })
c('sort_property_nil_items_mixed', "{% assign r = x | sort: 'n', 'last' %}{% for p in r %}{{ p.n | inspect }},{% endfor %}",
  { 'x' => [{ 'n' => nil }, { 'n' => 2 }, {}, { 'n' => '1' }, { 'n' => nil }] })
c('sort_strings_unicode', '{{ x | sort | jsonify }}', { 'x' => %w(é e f E z Z 1 _) })
c('sort_floats_ints', '{{ x | sort | jsonify }}', { 'x' => [2, 1.5, -0.5, 1, 1.0] })
c('sort_dates', '{{ x | sort | jsonify }}', { 'x' => [t('2024-03-05T10:00:00Z'), t('2023-03-05T10:00:00+05:00')] })
c('sort_date_and_time', '{{ x | sort }}', { 'x' => [d('2024-03-05'), t('2023-03-05T10:00:00Z')] })
c('sort_bools', '{{ x | sort }}', { 'x' => [true, false] })
c('sort_same_bools', '{{ x | sort | jsonify }}', { 'x' => [true, true] })
c('sort_hashes_error', '{{ x | sort }}', { 'x' => [{ 'a' => 1 }, { 'a' => 2 }] })
c('sort_equal_hashes', '{{ x | sort | jsonify }}', { 'x' => [{ 'a' => 1 }, { 'a' => 1 }] })
c('sort_nils', '{{ x | sort | jsonify }}', { 'x' => [nil, nil] })
c('group_by_dotted', "{% assign g = x | group_by: 'a.b' %}{% for x in g %}[{{ x.name }}]{{ x.size }};{% endfor %}",
  { 'x' => [{ 'a' => { 'b' => 1 } }, { 'a' => nil }, { 'c' => 1 }, { 'a' => { 'b' => '1' } }] })
c('group_by_float_items', "{{ x | group_by: 'a' }}", { 'x' => [1.5] })
c('where_exp_filter_in_exp', "{{ x | where_exp: 'i', 'i | size > 1' }}", { 'x' => ['ab'] })
c('where_exp_index', %({{ x | where_exp: 'i', "i['k'] == 1" | jsonify }}), { 'x' => [{ 'k' => 1 }, { 'k' => 2 }] })
c('where_exp_first', "{{ x | where_exp: 'i', 'i.first == 1' | jsonify }}", { 'x' => [[1, 2], [2, 1]] })
c('where_exp_var_name_dotted', "{{ x | where_exp: 'a.b', 'a.b == 1' | jsonify }}", { 'x' => [1, 2] })
c('where_exp_nil_var', "{{ x | where_exp: nil, 'true' | jsonify }}", { 'x' => [1, 2] })
c('where_exp_or_and_chain', "{{ x | where_exp: 'i', 'i == 1 or i == 2 and i == 3' | jsonify }}", { 'x' => [1, 2, 3] })
c('where_exp_literal_false', "{{ x | where_exp: 'i', 'false' | jsonify }}", { 'x' => [1] })
c('where_exp_string_contains', %({{ x | where_exp: 'i', "i contains 'b'" | jsonify }}), { 'x' => %w(abc xyz) })
c('number_of_words_cjk_punct', '{{ x | number_of_words: "cjk" }}', { 'x' => '你好，世界！ hello.' })
c('number_of_words_auto_long', '{{ x | number_of_words: "auto" }}', { 'x' => "これは日本語です。 And English text — with dash." })
c('slugify_upper_pretty', '{{ "Hello_World.HTML" | slugify: "pretty" }}')
c('slugify_ascii_only_dashes', '[{{ "---" | slugify: "raw" }}]')
c('slugify_raw_dashes_spaces', '[{{ " -- a -- " | slugify: "raw" }}]')
c('slugify_titlecase', '{{ "ǅemal ǈ" | slugify }}')
c('slugify_latin_nonlatin', '{{ "Ελληνικά café" | slugify: "latin" }}')
c('cgi_escape_newline', '{{ x | cgi_escape }}', { 'x' => "a\nb\tc" })
c('xml_escape_control', '{{ x | xml_escape }}', { 'x' => "a\u0001b" })
c('array_to_sentence_string_drops', '{{ x | array_to_sentence_string }}', { 'x' => [drop({ 'a' => 1 })] })
c('array_to_sentence_string_floats', '{{ x | array_to_sentence_string: 1.5 }}', { 'x' => [1.0, 2.5e-5, 1e20] })
c('to_integer_float_string', '{{ "3.9" | to_integer }}')
c('to_integer_date', '{{ x | to_integer }}', { 'x' => d('2024-03-05') })
c('pop_nil_input', '[{{ x | pop }}]')
c('push_hash', '{{ h | push: 1 }}', { 'h' => { 'a' => 1 } })
c('shift_range', '{{ (1..3) | shift }}')
c('date_string_frac', '{{ x | date_to_xmlschema }}', { 'x' => '2024-03-05T10:04:05.123Z' })
c('date_string_minutes', '{{ x | date_to_rfc822 }}', { 'x' => '2024-03-05 10:04' })
c('date_string_utc_word', '{{ x | date_to_rfc822 }}', { 'x' => '2024-03-05 10:04:05 UTC' })
c('date_string_long_month', '{{ x | date_to_string }}', { 'x' => 'September 30, 2023' })
c('date_string_ordinal_in', '{{ x | date_to_string }}', { 'x' => 'March 5th, 2024' })
c('date_negative_epoch', '{{ x | date_to_xmlschema }}', { 'x' => -86_400 })
c('date_big_year', '{{ x | date_to_long_string: "ordinal", "US" }}', { 'x' => d('1999-12-31') })
c('date_leap_day', '{{ x | date_to_string: "ordinal" }}', { 'x' => '2024-02-29' })
c('date_time_kolkata_date', '{{ x | date_to_string }} {{ x | date_to_xmlschema }}', { 'x' => t('2024-03-05T20:00:00Z') }, tz: 'Asia/Kolkata')
c('date_tz_auckland', '{{ x | date_to_rfc822 }}', { 'x' => t('2024-01-01T00:00:00Z') }, tz: 'Pacific/Auckland')

# ---------------------------------------------------------------- converters
c('markdownify', '{{ x | markdownify }}', { 'x' => "# Hi\n\n*a* \"b\"" }, converter: true)
c('markdownify_nil', '[{{ x | markdownify }}]', {}, converter: true)
c('smartify', '{{ x | smartify }}', { 'x' => %("a" 'b' -- c... ---) }, converter: true)
c('smartify_int', '{{ 5 | smartify }}', {}, converter: true)
c('sassify', '{{ x | sassify }}', { 'x' => "a\n  color: red" }, converter: true)
c('scssify', '{{ x | scssify }}', { 'x' => 'a { b { color: red; } }' }, converter: true)
c('scssify_error', '{{ x | scssify }}', { 'x' => 'a {' }, converter: true)

# ---------------------------------------------------------------- rendering
def site_for(config)
  @sites ||= {}
  @sites[config] ||= begin
    Jekyll.logger.log_level = :error
    overrides = config.merge('source' => FIXTURE, 'destination' => Dir.mktmpdir('jf'), 'quiet' => true)
    Jekyll::Site.new(Jekyll.configuration(overrides))
  end
end

def render(tc)
  ENV['TZ'] = tc['tz'] || 'UTC'
  site = site_for(tc['config'])
  Liquid::Template.error_mode = :warn
  template = Liquid::Template.parse(tc['template'], line_numbers: true)
  out = template.render!(decode(tc['data']), registers: { site: site, page: {} },
                                             strict_filters: false, strict_variables: false)
  { 'output' => out }
rescue StandardError, SystemStackError => e
  { 'error' => "#{e.class}: #{e.message.lines.first.to_s.chomp}" }
end

results = CASES.map { |tc| tc.merge(render(tc)) }
File.write(OUT, JSON.pretty_generate({ 'jekyll' => Jekyll::VERSION, 'cases' => results }) + "\n")
puts "#{results.size} cases written to #{OUT}"
