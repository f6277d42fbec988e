#!/usr/bin/env ruby
# frozen_string_literal: true

# Generates tests/goldens/kramdown/fuzz.json: generated Markdown documents (a block grammar of
# the constructs Jekyll pages use, and a soup of kramdown's special characters) with the HTML
# Jekyll 4.3.1's converter gives for them (Jekyll's defaults, Rouge disabled as in plain.json).
# The inputs are deterministic (fixed seeds), so the file only changes when this script does.
#
# Usage: ruby tests/goldens/gen_kramdown_fuzz.rb

require "json"
require "jekyll"
require "timeout"

OUT = File.join(__dir__, "kramdown", "fuzz.json")

INLINE = ["*a*", "**b**", "_c_", "__d__", "`code`", "``co`de``", "[link](http://x.com)", "[ref][id]",
          "![img](i.png \"t\")", "<span>s</span>", "<em>x</em>", "&amp;", "&copy;", "&#8212;", "&foo;", "--",
          "---", "...", "<<", ">>", "\"q\"", "'s'", "it's", "\\*", "\\_", "  \n", "~~del~~", "$$x^2$$",
          "<http://auto.link>", "<a@b.c>", "[^1]", "{:.cls}", "*", "_", "[", "]", "(", ")", "word",
          "other words", "x_y_z", "a*b*c", "\"'", "'\"", "'80s", "<br>", "<img src=\"a\">", "<!-- c -->",
          "{::comment}x{:/}", "HTML", "|", "\\|", ":", "#", "é", "日本", "\t", "  ", "a\\\nb",
          "**a *b* c**", "*a **b** c*", "[a *b*](u)", "<b>x</b>", "x&y", "<x"].freeze

def inl(rng, k = nil)
  k ||= rng.rand(1..6)
  Array.new(k) { INLINE[rng.rand(INLINE.size)] + ["", " ", " ", ""][rng.rand(4)] }.join
end

BLOCKS = [
  ->(r) { "# #{inl(r)}" }, ->(r) { "## #{inl(r)} ##" }, ->(r) { "#{inl(r)}\n===" }, ->(r) { "#{inl(r)}\n---" },
  ->(r) { inl(r) }, ->(r) { "#{inl(r)}\n#{inl(r)}" }, ->(r) { "> #{inl(r)}\n> #{inl(r)}" },
  ->(r) { "> #{inl(r)}\n#{inl(r)}" }, ->(r) { "* #{inl(r)}\n* #{inl(r)}" }, ->(r) { "- #{inl(r)}\n\n- #{inl(r)}" },
  ->(r) { "1. #{inl(r)}\n2. #{inl(r)}" }, ->(r) { "* #{inl(r)}\n  * #{inl(r)}\n    * #{inl(r)}" },
  ->(r) { "* #{inl(r)}\n\n    #{inl(r)}" }, ->(r) { "1. #{inl(r)}\n   - #{inl(r)}" },
  ->(r) { "* [ ] #{inl(r)}\n* [x] #{inl(r)}" }, ->(r) { "    code #{inl(r)}\n    more" },
  ->(r) { "```ruby\n#{inl(r)}\n```" }, ->(r) { "~~~\n#{inl(r)}\n~~~" }, ->(_) { "```\ncode\n" },
  ->(r) { "| a | b |\n|---|:-:|\n| #{inl(r, 2)} | #{inl(r, 2)} |" }, ->(_) { "a | b\n--|--\n1 | 2" },
  ->(r) { "<div>\n#{inl(r)}\n</div>" }, ->(r) { "<div markdown=\"1\">\n#{inl(r)}\n</div>" },
  ->(r) { "<p>#{inl(r)}</p>" }, ->(_) { "<!-- comment -->" }, ->(_) { "***" }, ->(_) { "- - -" },
  ->(_) { "[id]: http://ex.com \"Title\"" }, ->(r) { "[^1]: #{inl(r)}" }, ->(_) { "*[HTML]: Hyper Text" },
  ->(r) { "term\n: #{inl(r)}" }, ->(_) { "$$\nx+y\n$$" }, ->(_) { "{: #myid .c1}" }, ->(_) { "^" },
  ->(_) { "* toc\n{:toc}" }, ->(_) { "<script>var x = 1 < 2;</script>" },
  ->(r) { "<table><tr><td>#{inl(r)}</td></tr></table>" }, ->(r) { "  #{inl(r)}" }, ->(r) { "\t#{inl(r)}" },
  ->(_) { "{::options auto_ids=\"false\" /}" }, ->(_) { "{::nomarkdown}\n<b>x</b>\n{:/}" }, ->(_) { "#hash" },
  ->(_) { "#" }, ->(_) { "1) x" }, ->(_) { "+ plus" }, ->(_) { "* \n* x" }, ->(r) { "#{inl(r)}\n: def" },
  ->(r) { "> * #{inl(r)}\n>   > #{inl(r)}" }, ->(r) { "* > #{inl(r)}\n  > #{inl(r)}" }, ->(_) { "1. ```\n   code\n   ```" },
  ->(_) { "* a\n\n  b\n\n  ```\n  c\n  ```" }, ->(r) { "<div>\n<p>x</p>\n\n#{inl(r)}\n</div>" },
  ->(r) { "  * #{inl(r)}\n * #{inl(r)}" }, ->(r) { "*\t#{inl(r)}\n\t#{inl(r)}" }, ->(r) { "1.\t#{inl(r)}\n2.  #{inl(r)}" },
  ->(r) { "term\n\n: #{inl(r)}\n\n  more" }, ->(_) { "| a |\n|---|\n| `x|y` |" }, ->(_) { "[x]: <http://a> 'T'\n\n[x]" },
  ->(_) { "![a][x]\n\n[x]: y" }, ->(r) { "* [link](u) #{inl(r)}\n{: .cls}" },
].freeze

SOUP = ("*_`[]()<>!\"'&;#-.:|{}^~$\\ \n\t=+".chars +
        ["a", "b", "x y", "é", "\n\n", "    ", "1.", "* ", "> ", "```", "~~~", "<div>", "</div>", "<span>",
         "</span>", "http://x", "&amp;", "{:", "[^1]", "[^1]:", "|---|", "<!--", "-->", "$$", "::", "{::",
         "{:/}", "*[", "]:"]).freeze

def documents
  grammar = Random.new(20_251_126)
  docs = Array.new(600) do
    k = grammar.rand(1..5)
    Array.new(k) { BLOCKS[grammar.rand(BLOCKS.size)].call(grammar) + ["\n", "\n\n", "\n\n", "\n\n\n"][grammar.rand(4)] }.join
  end
  long = Random.new(7)
  docs += Array.new(400) do
    Array.new(long.rand(4..12)) { BLOCKS[long.rand(BLOCKS.size)].call(long) + ["\n", "\n\n", "\n\n", "\n\n\n"][long.rand(4)] }.join
  end
  soup = Random.new(42)
  docs + Array.new(600) { Array.new(soup.rand(1..40)) { SOUP[soup.rand(SOUP.size)] }.join }
end

config = Jekyll::Configuration.from("kramdown" => {"syntax_highlighter_opts" => {"disable" => true}})
conv = Jekyll::Converters::Markdown::KramdownParser.new(config)
cases = documents.filter_map do |input|
  html = Timeout.timeout(10) { conv.convert(input.dup) }
  {"input" => input, "html" => html}
rescue StandardError, Timeout::Error
  nil
end
File.write(OUT, JSON.pretty_generate(cases) + "\n")
warn "#{cases.size} fuzz cases written to #{OUT}"
