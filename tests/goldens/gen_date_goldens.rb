# Generates tests/goldens/dates.json from the Ruby installed here (Ruby 3.1, date 3.2).
# Every expectation in tests/dates.rs comes from this script; never edit the JSON by hand.
#
#   ruby tests/goldens/gen_date_goldens.rb > tests/goldens/dates.json
#
# Parsing cases run in child processes with TZ set, because Ruby reads TZ for local time.
require 'date'
require 'time'
require 'json'

# --- values formatted by strftime -------------------------------------------------------
def time_value(t)
  { 'kind' => 'time', 'secs' => t.to_i, 'nanos' => t.nsec, 'offset' => t.utc_offset,
    'utc' => t.utc?, 'show' => t.inspect }
end

def date_value(d)
  { 'kind' => 'date', 'secs' => d.to_time.utc.to_i + d.to_time.utc_offset, 'nanos' => 0,
    'offset' => 0, 'utc' => false, 'show' => d.to_s }
end

VALUES = {
  't1' => Time.new(2024, 3, 5, 10, 7, 9.123456789r, '+01:00'),
  't2' => Time.utc(2024, 3, 5, 22, 7, 9),
  't3' => Time.new(1999, 12, 31, 23, 59, 59.5r, '-00:30'),
  't4' => Time.new(-5, 1, 2, 3, 4, 5, '+05:30'),
  't5' => Time.new(2021, 1, 3, 0, 0, 0, '-08:00'),
  't6' => Time.new(12, 7, 4, 12, 30, 0, '+00:00'),
  't7' => Time.new(2024, 12, 30, 15, 0, 0, '+05:45:30'),
  't8' => Time.new(12345, 6, 7, 8, 9, 10, '-11:00'),
  't9' => Time.utc(1970, 1, 1, 0, 0, 5),
  't10' => Time.utc(1969, 12, 31, 23, 59, 58, 250000),
  't11' => Time.new(2026, 11, 1, 1, 2, 3, '-10:00:05'),
  'd1' => Date.new(2024, 3, 5),
  'd2' => Date.new(2021, 1, 3),
  'd3' => Date.new(1999, 12, 31),
  'd4' => Date.new(2024, 12, 30),
  'd5' => Date.new(2027, 1, 1),
  'd6' => Date.new(1970, 1, 1),
}.freeze

CONVERSIONS = %w[Y C y m B b h d e j H k I l P p M S L N z Z A a u w G g V U W s Q n t %
                 c D F x X r R T v +].freeze
FLAGS = ['', '-', '_', '0', '^', '#', '-0', '_0'].freeze
WIDTHS = ['', '1', '10'].freeze

def formats
  list = []
  CONVERSIONS.each do |c|
    FLAGS.each { |f| WIDTHS.each { |w| list << "%#{f}#{w}#{c}" } }
  end
  %w[z Y d].each do |c|
    ['', ':', '::', ':::', '::::', ':::::'].each do |colons|
      ['', '-', '_', '0'].each { |f| ['', '7', '12'].each { |w| list << "%#{f}#{w}#{colons}#{c}" } }
    end
  end
  %w[c C x X y Y d e H k I l m M S u U V w W y z a].each { |c| list << "%E#{c}" << "%O#{c}" }
  list.concat(['%3N', '%9N', '%12N', '%0N', '%-3N', '%1L', '%6L', '%5^a', '%5-d', '%5_d',
               '%q', '%5q', '%-q', '%J', '%:%a', '%E%x', '%5E', '%-E', '%^', '%',
               'a%', '%E%', '%:%', '%-', '%10', '%::::', '%E', '%:', '%O', 'x%%y',
               '%Y-%m-%dT%H:%M:%S%:z', '%a, %d %b %Y %H:%M:%S %z', '%B %-d, %Y',
               '%-m/%-d/%y %l:%M %P', 'week %U/%W/%V of %G', 'héllo %A ✓', '%%%%', '%%%',
               "%\u00e9", '%99999999999d', '%0000000005d'])
  list
end

def fuzz_formats(n)
  rng = Random.new(20_240_305)
  pieces = %w[- _ 0 ^ # : E O 1 2 5 10 %] + ('A'..'Z').to_a + ('a'..'z').to_a + [' ', '+', '.']
  Array.new(n) do
    s = +''
    rng.rand(1..4).times do
      s << '%' if rng.rand < 0.8
      rng.rand(0..3).times { s << pieces[rng.rand(pieces.size)] }
    end
    s
  end
end

def strftime_cases(fmts)
  fmts.uniq.map do |f|
    out = VALUES.values.map do |v|
      v.strftime(f)
    rescue StandardError => e
      { 'error' => "#{e.class}: #{e.message}" }
    end
    { 'format' => f, 'out' => out }
  end
end

# One case per line keeps the file reviewable and its diffs small.
def emit(key, rows, last: false)
  puts "  #{JSON.generate(key)}: ["
  puts rows.map { |r| "    #{JSON.generate(r)}" }.join(",\n")
  puts(last ? '  ]' : '  ],')
end

puts '{'
puts "  \"ruby\": #{JSON.generate(RUBY_DESCRIPTION)},"
emit('values', VALUES.map { |k, v| { 'name' => k }.merge(v.is_a?(Time) ? time_value(v) : date_value(v)) })
emit('strftime', strftime_cases(formats + fuzz_formats(Integer(ENV.fetch('FUZZ', '300')))), last: true)
puts '}'
