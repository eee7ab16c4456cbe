import type { CorpusDoc } from './corpus';

/**
 * The built-in demo corpus: short encyclopedic paragraphs written for this project
 * (no text copied from elsewhere), so it may be redistributed with it under its licence.
 */
export const DEMO_CORPUS: readonly CorpusDoc[] = [
  // Inventors and inventions
  {
    id: 'inv-01',
    title: 'Thomas Edison and the light bulb',
    text: 'Thomas Edison did not invent the first electric lamp, but his laboratory at Menlo Park made a carbon-filament bulb that burned for many hours in 1879 and built the generators and wiring that a whole street of lamps needed.',
  },
  {
    id: 'inv-02',
    title: 'Joseph Swan',
    text: 'The English chemist Joseph Swan demonstrated an incandescent lamp with a carbonised paper filament in Newcastle. He and Edison later merged their British companies instead of fighting over patents.',
  },
  {
    id: 'inv-03',
    title: 'Nikola Tesla',
    text: 'Nikola Tesla, born in the Austrian Empire in 1856, designed the induction motor and promoted alternating current, which can be transformed to high voltage and sent over long distances with small losses.',
  },
  {
    id: 'inv-04',
    title: 'The war of the currents',
    text: 'In the late 1880s supporters of direct current and of alternating current competed to electrify American cities. Alternating current won for long-distance power because transformers could change its voltage cheaply.',
  },
  {
    id: 'inv-05',
    title: 'Alexander Graham Bell',
    text: 'Alexander Graham Bell, a teacher of deaf students, received a United States patent for the telephone in 1876. His device turned the vibrations of the voice into a varying electric current and back into sound.',
  },
  {
    id: 'inv-06',
    title: 'Johannes Gutenberg',
    text: 'Around 1450 the goldsmith Johannes Gutenberg of Mainz combined movable metal type, an oil-based ink and a screw press. Books could then be printed in hundreds of identical copies.',
  },
  {
    id: 'inv-07',
    title: 'James Watt and the steam engine',
    text: 'James Watt added a separate condenser to the steam engine so that the cylinder no longer had to be cooled on every stroke. The change saved most of the coal that earlier engines burned.',
  },
  {
    id: 'inv-08',
    title: 'The Wright brothers',
    text: 'Wilbur and Orville Wright, bicycle makers from Ohio, flew a powered, controlled aeroplane at Kitty Hawk in December 1903. Their key idea was warping the wings to steer and balance the craft.',
  },
  {
    id: 'inv-09',
    title: 'Marie Curie',
    text: 'Marie Curie studied the rays given off by uranium and, with Pierre Curie, discovered polonium and radium. She was the first person to receive Nobel Prizes in two different sciences.',
  },
  {
    id: 'inv-10',
    title: 'Guglielmo Marconi',
    text: 'Guglielmo Marconi built practical radio telegraph systems in the 1890s and in 1901 reported receiving a signal sent across the Atlantic Ocean from Cornwall to Newfoundland.',
  },
  {
    id: 'inv-11',
    title: 'Ada Lovelace',
    text: "Ada Lovelace wrote notes on Charles Babbage's planned Analytical Engine in 1843, including a method for computing Bernoulli numbers that is often called the first published computer program.",
  },
  {
    id: 'inv-12',
    title: 'Charles Babbage',
    text: 'Charles Babbage designed mechanical calculating engines in nineteenth-century London. The Difference Engine tabulated polynomials; the Analytical Engine would have had a store, a mill and punched-card control.',
  },
  {
    id: 'inv-13',
    title: 'Louis Braille',
    text: 'Louis Braille, blinded as a child, devised a reading system of raised dots arranged in cells of six. Each pattern stands for a letter, a number or a short word and can be read with a fingertip.',
  },
  {
    id: 'inv-14',
    title: 'The safety lamp',
    text: "Miners once risked explosions from open flames underground. Humphry Davy's safety lamp wrapped the flame in fine wire gauze, which cooled escaping gases so that firedamp outside did not ignite.",
  },
  {
    id: 'inv-15',
    title: 'Hedy Lamarr',
    text: 'The film actress Hedy Lamarr and the composer George Antheil patented a frequency-hopping scheme in 1942 to keep radio-guided torpedoes from being jammed, an idea later used in spread-spectrum radio.',
  },
  {
    id: 'inv-16',
    title: 'Grace Hopper',
    text: 'Grace Hopper led work on some of the first compilers, programs that translate human-readable instructions into machine code, and influenced the business language COBOL.',
  },
  {
    id: 'inv-17',
    title: 'The transistor',
    text: 'At Bell Labs in 1947 John Bardeen, Walter Brattain and William Shockley made a transistor from germanium. The small, cool switch replaced fragile vacuum tubes in radios and computers.',
  },
  {
    id: 'inv-18',
    title: 'The telegraph',
    text: 'Samuel Morse and Alfred Vail built an electric telegraph and a code of dots and dashes. From 1844 messages travelled along wires between cities in minutes rather than days.',
  },
  {
    id: 'inv-19',
    title: 'Penicillin',
    text: 'In 1928 Alexander Fleming noticed that a mould had killed the bacteria around it on a culture plate. Howard Florey and Ernst Chain later purified penicillin and showed it could treat infections.',
  },
  {
    id: 'inv-20',
    title: 'The sewing machine',
    text: 'Several inventors, among them Elias Howe and Isaac Singer, produced lockstitch sewing machines in the mid-1800s, joining two threads with a needle whose eye sits near its point.',
  },

  // Astronomy
  {
    id: 'ast-01',
    title: 'The Sun',
    text: 'The Sun is a star of middle age whose core fuses hydrogen into helium. Light leaving its surface takes about eight minutes to reach the Earth.',
  },
  {
    id: 'ast-02',
    title: 'Why the Moon has phases',
    text: 'Half of the Moon is always lit by the Sun. As the Moon orbits the Earth over about 29.5 days we see different fractions of that lit half, from new moon to full moon and back.',
  },
  {
    id: 'ast-03',
    title: 'Solar eclipses',
    text: 'A solar eclipse happens when the Moon passes between the Sun and the Earth. Along a narrow path the Moon covers the whole solar disc and the faint outer corona becomes visible.',
  },
  {
    id: 'ast-04',
    title: 'Lunar eclipses',
    text: "During a lunar eclipse the Earth's shadow falls on the full Moon. Sunlight bent through the Earth's atmosphere often turns the shadowed Moon a dull red.",
  },
  {
    id: 'ast-05',
    title: 'Mars',
    text: 'Mars is a cold desert planet with a thin carbon dioxide atmosphere. Dry river valleys and minerals formed in water suggest that liquid water flowed on its surface long ago.',
  },
  {
    id: 'ast-06',
    title: 'Jupiter',
    text: 'Jupiter, the largest planet, is a ball of mostly hydrogen and helium. Its Great Red Spot is a storm wider than the Earth that has been watched for centuries.',
  },
  {
    id: 'ast-07',
    title: "Saturn's rings",
    text: "Saturn's bright rings are made of countless pieces of water ice, from grains of dust to boulders, orbiting in a sheet that is very wide but often only tens of metres thick.",
  },
  {
    id: 'ast-08',
    title: "Galileo's telescope",
    text: 'In 1610 Galileo Galilei turned a small telescope to the sky and found four moons circling Jupiter, phases of Venus and mountains on the Moon, evidence against an Earth-centred universe.',
  },
  {
    id: 'ast-09',
    title: 'Light-years',
    text: 'A light-year is a distance, not a time: the length light travels in one year, nearly ten trillion kilometres. The nearest star beyond the Sun is a little over four light-years away.',
  },
  {
    id: 'ast-10',
    title: 'Black holes',
    text: 'A black hole is a region where gravity is so strong that not even light escapes. Stellar black holes form when very massive stars collapse at the end of their lives.',
  },
  {
    id: 'ast-11',
    title: 'Comets',
    text: 'Comets are lumps of ice and dust from the outer solar system. Near the Sun their ice turns to gas, forming a glowing head and tails that point away from the Sun.',
  },
  {
    id: 'ast-12',
    title: 'Meteor showers',
    text: 'A meteor shower occurs when the Earth crosses the trail of dust left by a comet. The grains burn up high in the atmosphere as streaks that seem to come from one point in the sky.',
  },
  {
    id: 'ast-13',
    title: 'The Milky Way',
    text: 'The Milky Way is a barred spiral galaxy of a few hundred billion stars. From a dark site its disc appears as a pale band across the night sky.',
  },
  {
    id: 'ast-14',
    title: 'Edwin Hubble',
    text: 'Edwin Hubble showed in the 1920s that some faint nebulae are galaxies far outside our own, and that more distant galaxies recede faster, the first evidence that the universe expands.',
  },
  {
    id: 'ast-15',
    title: 'Exoplanets',
    text: "Thousands of planets orbiting other stars have been found, many by the tiny dip in a star's brightness as a planet passes in front of it, and others by the wobble the planet causes.",
  },
  {
    id: 'ast-16',
    title: 'Seasons',
    text: "The Earth's seasons come from the tilt of its axis, about 23.4 degrees, not from its changing distance to the Sun. The hemisphere tilted toward the Sun gets longer days and steeper sunlight.",
  },
  {
    id: 'ast-17',
    title: 'Neutron stars',
    text: 'A neutron star is the collapsed core of a massive star, heavier than the Sun yet only about twenty kilometres across. Some spin rapidly and sweep beams of radio waves past the Earth as pulsars.',
  },
  {
    id: 'ast-18',
    title: 'The asteroid belt',
    text: 'Between Mars and Jupiter lies the asteroid belt, a wide ring of rocky bodies left over from the formation of the planets. Its largest member, Ceres, is classed as a dwarf planet.',
  },
  {
    id: 'ast-19',
    title: 'Tides',
    text: "Ocean tides are raised mainly by the Moon's gravity, which pulls unequally on the near and far sides of the Earth. The Sun adds a smaller effect, giving larger spring tides at new and full moon.",
  },
  {
    id: 'ast-20',
    title: 'Space telescopes',
    text: 'Telescopes in orbit avoid the blurring and absorption of the atmosphere. They can observe ultraviolet, X-ray and much infrared light that never reaches the ground.',
  },

  // Cooking
  {
    id: 'cook-01',
    title: 'Bread dough',
    text: 'Kneading wheat dough develops gluten, a stretchy network of proteins that traps the carbon dioxide made by yeast, so the loaf rises and holds its shape in the oven.',
  },
  {
    id: 'cook-02',
    title: 'Sourdough starter',
    text: 'A sourdough starter is a paste of flour and water colonised by wild yeasts and lactic acid bacteria. Fed regularly, it leavens bread and gives it a mild sour taste.',
  },
  {
    id: 'cook-03',
    title: 'The Maillard reaction',
    text: 'Browning a steak or toasting bread triggers the Maillard reaction between sugars and amino acids, which creates hundreds of flavour compounds and the brown crust.',
  },
  {
    id: 'cook-04',
    title: 'Caramelisation',
    text: 'Sugar heated on its own above about 160 degrees Celsius breaks down and caramelises, turning from clear to amber and developing bitter and nutty flavours.',
  },
  {
    id: 'cook-05',
    title: 'Boiling pasta',
    text: 'Pasta cooks best in plenty of well-salted boiling water. Saving a cup of the starchy cooking water helps a sauce cling to the noodles.',
  },
  {
    id: 'cook-06',
    title: 'Risotto',
    text: 'Risotto is made by toasting short-grain rice in fat and adding hot stock a ladle at a time while stirring, which releases starch and gives a creamy texture.',
  },
  {
    id: 'cook-07',
    title: 'Emulsions',
    text: 'Mayonnaise is an emulsion of oil droplets in egg yolk and lemon juice or vinegar. Lecithin in the yolk coats the droplets and keeps them from merging.',
  },
  {
    id: 'cook-08',
    title: 'Boiling an egg',
    text: 'An egg simmered for about six minutes has a set white and a runny yolk; after ten minutes the yolk is firm. Cooling it in cold water stops the cooking and eases peeling.',
  },
  {
    id: 'cook-09',
    title: 'Braising',
    text: 'Braising cooks tough cuts of meat slowly in a little liquid in a covered pot. Long, gentle heat turns connective tissue into gelatin, making the meat tender.',
  },
  {
    id: 'cook-10',
    title: 'Knife skills',
    text: 'A sharp knife is safer than a dull one because it cuts with less force and slips less. Curling the fingers of the guiding hand keeps fingertips away from the blade.',
  },
  {
    id: 'cook-11',
    title: 'Salt in cooking',
    text: 'Salt does more than make food salty: it suppresses bitterness, draws moisture out of vegetables and helps meat hold water when it is brined before cooking.',
  },
  {
    id: 'cook-12',
    title: 'Stock',
    text: 'A stock is made by simmering bones, vegetables and herbs in water for hours. Gentle heat keeps it clear; a hard boil clouds it with emulsified fat.',
  },
  {
    id: 'cook-13',
    title: 'Baking soda and baking powder',
    text: 'Baking soda needs an acid such as buttermilk to release carbon dioxide. Baking powder already contains its own acid, so it leavens batters on its own when wet and heated.',
  },
  {
    id: 'cook-14',
    title: 'Tempering chocolate',
    text: 'Tempering melts chocolate and cools it carefully so that cocoa butter forms stable crystals. Tempered chocolate snaps cleanly and has a glossy surface.',
  },
  {
    id: 'cook-15',
    title: 'Fermented vegetables',
    text: 'Sauerkraut and kimchi are cabbage fermented by lactic acid bacteria in salty conditions. The acid they produce preserves the vegetables and gives them a sharp flavour.',
  },
  {
    id: 'cook-16',
    title: 'Resting meat',
    text: 'Letting a roast rest for a few minutes after cooking allows its temperature to even out, so less juice runs onto the board when it is carved.',
  },
  {
    id: 'cook-17',
    title: 'Cooking at altitude',
    text: 'At high altitude water boils below 100 degrees Celsius because air pressure is lower, so pasta, beans and eggs take longer to cook.',
  },
  {
    id: 'cook-18',
    title: 'Making pancakes',
    text: 'Pancake batter of flour, milk, eggs and a raising agent should rest briefly and be cooked on a medium-hot griddle; bubbles on the surface show when to flip.',
  },
  {
    id: 'cook-19',
    title: 'Spices',
    text: 'Whole spices such as cumin and coriander seeds release more aroma when toasted briefly in a dry pan and ground just before use.',
  },
  {
    id: 'cook-20',
    title: 'Food safety',
    text: 'Bacteria multiply fastest between about 5 and 60 degrees Celsius. Cooked food should be cooled quickly and kept in the refrigerator rather than left at room temperature.',
  },

  // Programming
  {
    id: 'prog-01',
    title: 'Compilers and interpreters',
    text: 'A compiler translates a whole program into machine code before it runs, while an interpreter executes the program statement by statement. Many languages today mix both approaches.',
  },
  {
    id: 'prog-02',
    title: 'Version control',
    text: "Version control systems such as Git record every change to a project's files, so developers can review history, work on branches in parallel and merge their work.",
  },
  {
    id: 'prog-03',
    title: 'Recursion',
    text: 'A recursive function solves a problem by calling itself on smaller inputs until it reaches a base case. Walking a tree of folders is a natural use.',
  },
  {
    id: 'prog-04',
    title: 'Hash tables',
    text: 'A hash table stores key and value pairs in an array, using a hash function to compute where each key belongs, so lookups usually take constant time.',
  },
  {
    id: 'prog-05',
    title: 'Binary search',
    text: 'Binary search finds an item in a sorted list by comparing it with the middle element and discarding the half that cannot contain it, taking logarithmic time.',
  },
  {
    id: 'prog-06',
    title: 'Garbage collection',
    text: 'A garbage collector finds memory that a program can no longer reach and frees it automatically, sparing programmers manual deallocation at some cost in pauses.',
  },
  {
    id: 'prog-07',
    title: 'Unit tests',
    text: 'Unit tests check small pieces of code in isolation. Run automatically on every change, they catch regressions before the software reaches users.',
  },
  {
    id: 'prog-08',
    title: 'Static typing',
    text: 'In a statically typed language the compiler checks the types of values before the program runs, catching some mistakes early; TypeScript adds such checks to JavaScript.',
  },
  {
    id: 'prog-09',
    title: 'Web Workers',
    text: 'A Web Worker runs JavaScript on a background thread of the browser, so heavy computation does not freeze the page. It talks to the page only by passing messages.',
  },
  {
    id: 'prog-10',
    title: 'Regular expressions',
    text: 'A regular expression is a compact pattern for matching text, such as an email address or a date. Most languages include an engine that searches strings with them.',
  },
  {
    id: 'prog-11',
    title: 'Big O notation',
    text: "Big O notation describes how an algorithm's running time or memory grows with input size, ignoring constant factors: sorting by comparison takes at least n log n steps.",
  },
  {
    id: 'prog-12',
    title: 'Relational databases',
    text: 'A relational database stores data in tables of rows and columns and answers queries written in SQL, joining tables on shared keys.',
  },
  {
    id: 'prog-13',
    title: 'Inverted indexes',
    text: 'Search engines build an inverted index that maps each word to the documents containing it, so a query only touches the lists of its own words instead of scanning every document.',
  },
  {
    id: 'prog-14',
    title: 'BM25 ranking',
    text: 'BM25 scores a document for a query from how often each query word appears in it, how rare the word is across the collection and how long the document is compared with the average.',
  },
  {
    id: 'prog-15',
    title: 'Rerankers',
    text: 'A cross-encoder reranker reads the query and a candidate passage together and outputs a relevance score. It is slower than keyword search, so it is applied only to the top results.',
  },
  {
    id: 'prog-16',
    title: 'Concurrency bugs',
    text: 'When two threads update shared data without coordination, the result can depend on timing. Locks, atomic operations or message passing prevent such race conditions.',
  },
  {
    id: 'prog-17',
    title: 'Floating-point numbers',
    text: 'Computers store most real numbers as binary floating point, which cannot represent 0.1 exactly, so adding 0.1 and 0.2 gives a result slightly different from 0.3.',
  },
  {
    id: 'prog-18',
    title: 'WebAssembly',
    text: 'WebAssembly is a compact binary instruction format that browsers run at near-native speed. Code written in C, C++ or Rust can be compiled to it and called from JavaScript.',
  },
  {
    id: 'prog-19',
    title: 'Caching',
    text: 'A cache keeps copies of recently used data in faster storage. Deciding when a cached copy is out of date is famously one of the hard problems of computing.',
  },
  {
    id: 'prog-20',
    title: 'Code review',
    text: 'In code review another developer reads a change before it is merged, looking for bugs, unclear names and missing tests, and spreading knowledge of the code base.',
  },
];
