#!/usr/bin/env ruby
# frozen_string_literal: true

# Generates the expectations for tests/kramdown.rs: every kramdown and kramdown-parser-gfm test
# input (and the seed Academic Pages page) converted to HTML exactly as Jekyll 4.3.1 converts
# Markdown, i.e. through Jekyll's own `Jekyll::Converters::Markdown::KramdownParser` built from
# `Jekyll::Configuration::DEFAULTS` (input GFM, auto_ids, smart quotes, rouge, ...).
#
# Two sets are written, both JSON objects `{case_path: html}` with sorted keys:
#
# - tests/goldens/kramdown/plain.json: Jekyll's defaults plus
#   `kramdown: {syntax_highlighter_opts: {disable: true}}`. That is the one switch a Jekyll site
#   has to turn Rouge off (kramdown's `syntax_highlighter: nil` cannot be reached through
#   Jekyll, which replaces a nil highlighter with `highlighter`, "rouge" by default), and gives
#   the plain `<pre><code class="language-x">` form hyde renders when no highlighter is plugged in.
# - tests/goldens/kramdown/rouge.json: Jekyll's defaults unchanged (Rouge 3.30 markup), for when
#   hyde's highlighter lands.
#
# - tests/goldens/kramdown/options.json: the kramdown cases that come with a NAME.options file,
#   converted with those options as a site's `kramdown:` configuration on top of Jekyll's
#   defaults (Rouge still disabled): `{case_path: {"options": {...}, "html": html}}`, the options
#   as JSON (symbols as strings), which tests/kramdown.rs hands to `Options::from_site_config`.
#
# Case paths are relative to ../shared/conformance/ (e.g. "kramdown/block/04_header/atx_header")
# or "seed/about" for /work/shared/seed/about.md, whose body after the front matter is used as
# Jekyll's reader splits it. Each case runs in a forked child with a time limit; cases that crash
# or do not finish are left out and listed in tests/goldens/kramdown/skipped.txt.
#
# Usage: ruby tests/goldens/gen_kramdown_goldens.rb

require "json"
require "jekyll"
require "yaml"

HERE = File.expand_path(__dir__)
# ../shared beside the checkout; a worktree under /work/wt/ finds it one level further up.
SHARED = ["../../../shared", "../../../../shared"].map { |p| File.expand_path(p, HERE) }
                                                  .find { |p| Dir.exist?(p) } or abort("no ../shared")
CONFORMANCE = File.join(SHARED, "conformance")
SEED = File.join(SHARED, "seed")
OUT = File.join(HERE, "kramdown")
TIME_LIMIT = 20

# Jekyll's reader: front matter is `---` ... `---`, the content starts after the closing line.
FRONT_MATTER = %r!\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)!m.freeze

def cases
  list = {}
  Dir.glob(File.join(CONFORMANCE, "kramdown/test/testcases/**/*.text")).sort.each do |path|
    rel = path.delete_prefix(File.join(CONFORMANCE, "kramdown/test/testcases/")).delete_suffix(".text")
    next if rel.start_with?("man/") # man-page converter inputs, not HTML

    list["kramdown/#{rel}"] = File.read(path, encoding: "bom|utf-8")
  end
  Dir.glob(File.join(CONFORMANCE, "kramdown-parser-gfm/test/testcases/*.text")).sort.each do |path|
    list["gfm/#{File.basename(path, ".text")}"] = File.read(path, encoding: "bom|utf-8")
  end
  [File.join(SEED, "about.md")].each do |path|
    text = File.read(path, encoding: "bom|utf-8")
    text = Regexp.last_match.post_match if text =~ FRONT_MATTER
    list["seed/#{File.basename(path, ".md")}"] = text
  end
  list
end

def converter(kramdown_overrides)
  config = Jekyll::Configuration.from("kramdown" => kramdown_overrides)
  Jekyll::Converters::Markdown::KramdownParser.new(config)
end

# Converts one input in a child process so that a crash or a runaway case cannot take the whole
# run with it. Returns [html, nil] or [nil, reason].
def convert_isolated(conv, text)
  reader, writer = IO.pipe
  pid = fork do
    reader.close
    begin
      html = conv.convert(text.dup)
      writer.write(Marshal.dump([html, nil]))
    rescue Exception => e # rubocop:disable Lint/RescueException
      writer.write(Marshal.dump([nil, "#{e.class}: #{e.message.lines.first&.strip}"]))
    end
    writer.close
    exit!(0)
  end
  writer.close
  deadline = Time.now + TIME_LIMIT
  data = +""
  loop do
    ready = IO.select([reader], nil, nil, [deadline - Time.now, 0].max)
    unless ready
      Process.kill("KILL", pid)
      Process.wait(pid)
      return [nil, "timeout after #{TIME_LIMIT}s"]
    end
    chunk = reader.read_nonblock(1 << 16, exception: false)
    break if chunk.nil?
    data << chunk unless chunk == :wait_readable
  end
  Process.wait(pid)
  return [nil, "child died"] if data.empty?

  Marshal.load(data)
end

Dir.mkdir(OUT) unless Dir.exist?(OUT)
all = cases
skipped = []
{
  "plain" => {"syntax_highlighter_opts" => {"disable" => true}},
  "rouge" => {},
}.each do |set, overrides|
  conv = converter(overrides)
  result = {}
  all.each do |name, text|
    html, err = convert_isolated(conv, text)
    if err
      skipped << "#{set} | #{name} | #{err}"
    else
      result[name] = html
    end
  end
  File.write(File.join(OUT, "#{set}.json"), JSON.pretty_generate(result.sort.to_h) + "\n")
  warn "#{set}: #{result.size} cases, #{all.size - result.size} skipped"
end
# The kramdown cases' own options, as a site would write them under `kramdown:`.
def jsonable(value)
  case value
  when Symbol then value.to_s
  when Range then "#{value.first}..#{value.last}"
  when Hash then value.to_h { |k, v| [k.to_s, jsonable(v)] }
  when Array then value.map { |v| jsonable(v) }
  else value
  end
end

with_options = {}
Dir.glob(File.join(CONFORMANCE, "kramdown/test/testcases/**/*.options")).sort.each do |path|
  rel = path.delete_prefix(File.join(CONFORMANCE, "kramdown/test/testcases/")).delete_suffix(".options")
  next if rel.start_with?("man/")

  opts = jsonable(YAML.unsafe_load(File.read(path)) || {})
  hl = (opts["syntax_highlighter_opts"].is_a?(Hash) ? opts["syntax_highlighter_opts"] : {})
  overrides = opts.merge("syntax_highlighter_opts" => hl.merge("disable" => true))
  html, err = convert_isolated(converter(overrides), all["kramdown/#{rel}"])
  if err
    skipped << "options | kramdown/#{rel} | #{err}"
  else
    with_options["kramdown/#{rel}"] = {"options" => overrides, "html" => html}
  end
end
File.write(File.join(OUT, "options.json"), JSON.pretty_generate(with_options) + "\n")
warn "options: #{with_options.size} cases"

File.write(File.join(OUT, "skipped.txt"),
           "# set | case | why (cases real kramdown could not convert; not tested)\n" +
           skipped.map { |s| "#{s}\n" }.join)
