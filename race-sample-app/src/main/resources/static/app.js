// The page's only script: runs races through the app's JSON endpoints, draws their timelines as SVG,
// follows the starter's recentraces endpoint live, and charts the load comparison with Chart.js.
'use strict';

// What each bar colour means; the colours themselves are in style.css (--won, --lost, ...),
// so that the bars and the legend's swatches take them from one place.
const STATUSES = [
	{ status: 'WON', text: 'won', title: 'its answer was used' },
	{ status: 'LOST', text: 'lost', title: 'cancelled when the race was decided, or answered too late' },
	{ status: 'FAILED', text: 'failed', title: 'an error or a 503: the next attempt starts at once' },
	{ status: 'ABORTED', text: 'aborted', title: 'a failure that ended the whole race' },
	{ status: 'RUNNING', text: 'still running', title: 'had not ended when the race was drawn' }
];

const SVG_NS = 'http://www.w3.org/2000/svg';
const LIVE_INTERVAL_MS = 500;
const LIVE_SHOWN = 6;

const history = [];
let percentileChart = null;
let svgIds = 0;

function element(tag, text, className) {
	const node = document.createElement(tag);
	if (text !== undefined && text !== null) {
		node.textContent = text;
	}
	if (className) {
		node.className = className;
	}
	return node;
}

function svg(tag, attributes, text) {
	const node = document.createElementNS(SVG_NS, tag);
	Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

function ms(value) {
	return (value === null || value === undefined) ? '…' : value.toFixed(1) + ' ms';
}

async function getJson(url) {
	const response = await fetch(url, { headers: { Accept: 'application/json' } });
	if (!response.ok) {
		const text = await response.text();
		throw new Error(response.status + ' ' + text);
	}
	return response.json();
}

function setBusy(busy) {
	document.querySelectorAll('.buttons button, form button').forEach((button) => { button.disabled = busy; });
}

// The legend: one entry per bar colour, then the hedge stripes and the step markers.
function drawLegend(list) {
	const entry = (swatchClass, text, title) => {
		const item = element('li');
		item.title = title;
		item.append(element('span', null, swatchClass), element('span', text));
		return item;
	};
	const entries = STATUSES.map(({ status, text, title }) => {
		const item = entry('swatch fill-' + status, text, title);
		item.dataset.status = status;
		return item;
	});
	const primary = entry('swatch fill-NEUTRAL', 'plain: the first call', 'attempt #0, launched when the race starts');
	primary.dataset.kind = 'primary';
	const hedge = entry('swatch fill-NEUTRAL hedge-swatch', 'striped: a hedge', 'attempts #1, #2, …: each on the next mirror');
	hedge.dataset.kind = 'hedge';
	const marker = entry('marker-swatch', 'k·step: hedge #k due', 'hedge #k is launched at k·step unless an attempt has answered, or at once after a failure');
	marker.dataset.kind = 'step';
	list.replaceChildren(...entries, primary, hedge, marker);
}

// A tick step of 1, 2 or 5 times a power of ten, at least the given one.
function niceStep(atLeast) {
	const power = Math.pow(10, Math.floor(Math.log10(Math.max(atLeast, 1e-9))));
	for (const factor of [1, 2, 5, 10]) {
		if (factor * power >= atLeast * (1 - 1e-9)) {
			return factor * power;
		}
	}
	return 10 * power;
}

function overlaps(a, b, gap) {
	return a.left < b.right + gap && b.left < a.right + gap && a.top < b.bottom + gap && b.top < a.bottom + gap;
}

function anyOverlap(nodes, gap) {
	const boxes = nodes.map((node) => node.getBoundingClientRect());
	for (let i = 0; i < boxes.length; i++) {
		for (let j = i + 1; j < boxes.length; j++) {
			if (overlaps(boxes[i], boxes[j], gap)) {
				return true;
			}
		}
	}
	return false;
}

// Cut a label with an ellipsis until it fits the width.
function fit(text, width) {
	const full = text.textContent;
	let length = full.length;
	while (length > 1 && text.getComputedTextLength() > width) {
		length--;
		text.textContent = full.slice(0, length) + '…';
	}
	if (length < full.length) {
		text.append(svg('title', {}, full));
	}
}

// When an attempt's bar ends: its end, or, while it runs, the latest time the timeline knows.
function barEnd(attempt, timeline) {
	if (attempt.durationMs !== null) {
		return attempt.launchMs + attempt.durationMs;
	}
	return Math.max(attempt.launchMs, timeline.durationMs || 0);
}

// Draws a race's timeline as SVG into the container: one bar per attempt from its launch
// to its end, coloured by how it ended, striped for hedges; the x axis in ms with as many
// tick labels as fit without touching; a dashed marker at k·step for each hedge's due time.
// timeline: { stepMs, durationMs, attempts: [{ index, target, launchMs, durationMs, status, detail }] }
function drawTimelineSvg(container, timeline, compact) {
	container.$timeline = timeline;
	container.$compact = compact;
	const width = Math.max(200, container.clientWidth);
	container.$drawnWidth = container.clientWidth;
	const rowHeight = compact ? 18 : 26;
	const barHeight = compact ? 12 : 16;
	const top = 34;
	const gutter = Math.round(Math.min(120, Math.max(56, width * 0.2)));
	const right = 18;
	const plotWidth = width - gutter - right;
	const rowsBottom = top + timeline.attempts.length * rowHeight;
	const height = rowsBottom + 46;
	const step = timeline.stepMs || 0;
	const hedges = Math.max(1, timeline.attempts.length - 1);
	const latest = Math.max(timeline.durationMs || 0, step, ...timeline.attempts.map((a) => barEnd(a, timeline)));
	const max = Math.max(1, latest * 1.04);
	const x = (value) => gutter + (value / max) * plotWidth;
	const id = 'timeline-' + (++svgIds);

	const root = svg('svg', { class: 'timeline-svg', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
	const defs = svg('defs');
	const stripes = svg('pattern', { id: id + '-hedge', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
	stripes.append(svg('rect', { width: 2.5, height: 6, class: 'stripe' }));
	defs.append(stripes);
	root.append(defs);
	const grid = svg('g', { class: 'grid' });
	const ticks = svg('g', { class: 'ticks' });
	const markers = svg('g', { class: 'markers' });
	const rows = svg('g', { class: 'rows' });
	root.append(grid, markers, rows, ticks);
	container.replaceChildren(root);

	timeline.attempts.forEach((attempt, row) => {
		const y = top + row * rowHeight;
		const label = svg('text', { class: 'axis-label row-label', x: gutter - 6, y: y + rowHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' },
			'#' + attempt.index + ' ' + attempt.target);
		rows.append(label);
		fit(label, gutter - 10);
		const start = x(attempt.launchMs);
		const end = x(barEnd(attempt, timeline));
		const geometry = { x: start, y: y + (rowHeight - barHeight) / 2, width: Math.max(2, end - start), height: barHeight };
		const bar = svg('rect', Object.assign({ class: 'bar fill-' + attempt.status + (attempt.index === timeline.winnerIndex ? ' winner' : '') }, geometry));
		bar.dataset.index = attempt.index;
		bar.dataset.status = attempt.status;
		bar.append(svg('title', {}, '#' + attempt.index + ' ' + attempt.target + ': ' + attempt.status + ', launched at '
			+ ms(attempt.launchMs) + ', ran ' + ms(attempt.durationMs) + (attempt.detail ? ', ' + attempt.detail : '')));
		rows.append(bar);
		if (attempt.index > 0) {
			rows.append(svg('rect', Object.assign({ class: 'hedge-mark', fill: 'url(#' + id + '-hedge)', 'data-index': attempt.index }, geometry)));
		}
	});

	// The x axis: start with a label every ~60 px, and double the spacing until no two touch.
	root.append(svg('line', { class: 'axis', x1: gutter, x2: gutter + plotWidth, y1: rowsBottom, y2: rowsBottom }));
	let tickStep = niceStep(max / Math.max(1, Math.floor(plotWidth / 60)));
	for (let tries = 0; tries < 12; tries++) {
		grid.replaceChildren();
		ticks.replaceChildren();
		const labels = [];
		for (let value = 0; value <= max + 1e-9; value += tickStep) {
			const rounded = Math.round(value * 1000) / 1000;
			const at = x(rounded);
			grid.append(svg('line', { class: 'grid-line', x1: at, x2: at, y1: top - 4, y2: rowsBottom }));
			const tick = svg('line', { class: 'tick', x1: at, x2: at, y1: rowsBottom, y2: rowsBottom + 5, 'data-value': rounded });
			const label = svg('text', { class: 'axis-label tick-label', x: at, y: rowsBottom + 17, 'text-anchor': 'middle' }, String(rounded));
			ticks.append(tick, label);
			labels.push(label);
		}
		if (!anyOverlap(labels, 4)) {
			break;
		}
		tickStep = niceStep(tickStep * 2);
	}
	ticks.append(svg('text', { class: 'axis-label axis-title', x: gutter + plotWidth / 2, y: rowsBottom + 36, 'text-anchor': 'middle' },
		'ms since the race started'));

	// The step markers, labelled in one of two rows above the bars; a label that fits in
	// neither is left out (its line keeps a tooltip).
	if (step > 0) {
		const placed = [[], []];
		for (let k = 1; k <= hedges && k * step <= max; k++) {
			const at = x(k * step);
			const text = (k === 1 ? 'step' : k + '·step') + ' ' + Math.round(k * step);
			const line = svg('line', { class: 'step-marker', x1: at, x2: at, y1: top - 4, y2: rowsBottom, 'data-k': k, 'data-value': k * step });
			line.append(svg('title', {}, text + ' ms: hedge #' + k + ' due'));
			markers.append(line);
			const label = svg('text', { class: 'marker-label', x: at, y: 11, 'text-anchor': 'middle', 'data-k': k }, text);
			markers.append(label);
			const bounds = root.getBoundingClientRect();
			if (label.getBoundingClientRect().right > bounds.right) {
				label.setAttribute('text-anchor', 'end');
			}
			let row = 0;
			for (; row < placed.length; row++) {
				label.setAttribute('y', 11 + row * 13);
				const box = label.getBoundingClientRect();
				const inside = box.left >= bounds.left && box.right <= bounds.right;
				if (inside && !placed[row].some((other) => overlaps(box, other, 4))) {
					placed[row].push(box);
					break;
				}
			}
			if (row === placed.length) {
				label.remove();
			}
		}
	}
	return root;
}

// Redraw a timeline when its box changes width (a phone turned, a window resized).
const timelineResizes = new ResizeObserver((entries) => entries.forEach((entry) => {
	const container = entry.target;
	if (container.$timeline && container.clientWidth !== container.$drawnWidth) {
		drawTimelineSvg(container, container.$timeline, container.$compact);
	}
}));

function drawTimeline(run) {
	const timeline = run.timeline;
	const container = document.getElementById('timeline');
	drawTimelineSvg(container, timeline, false);
	timelineResizes.observe(container);

	const rows = document.querySelector('#attempts tbody');
	rows.replaceChildren(...timeline.attempts.map((a) => {
		const row = element('tr');
		row.append(element('td', '#' + a.index), element('td', a.target), element('td', ms(a.launchMs), 'number'),
			element('td', ms(a.durationMs), 'number'),
			element('td', a.status + (a.cancelled ? ' (cancelled)' : ''), 'status-' + a.status),
			element('td', a.detail));
		return row;
	}));

	const winner = timeline.attempts.find((a) => a.index === timeline.winnerIndex);
	const summary = document.getElementById('race-summary');
	summary.className = 'summary' + (timeline.outcome === 'SUCCESS' ? '' : ' error');
	summary.textContent = 'Race "' + timeline.race + '" (step ' + ms(timeline.stepMs) + '): ' + timeline.outcome
		+ (winner ? ', won by #' + winner.index + ' (' + winner.target + ')' : '')
		+ ' after ' + ms(timeline.durationMs) + ', ' + timeline.attempts.length + ' attempt(s)'
		+ (run.result ? '. Answer: ' + (run.result.body || run.result) : '')
		+ (timeline.error ? '. ' + timeline.error : '');
	document.body.dataset.racesDrawn = String(Number(document.body.dataset.racesDrawn || 0) + 1);
}

function remember(label, run) {
	history.unshift({ label, run });
	history.length = Math.min(history.length, 8);
	const list = document.getElementById('history');
	list.replaceChildren(...history.map((entry) => {
		const t = entry.run.timeline;
		const item = element('li', entry.label + ': ' + t.outcome + ' in ' + ms(t.durationMs) + ', '
			+ t.attempts.length + ' attempt(s), winner #' + t.winnerIndex);
		item.addEventListener('click', () => drawTimeline(entry.run));
		return item;
	}));
}

async function runRace(label, url) {
	setBusy(true);
	try {
		const run = await getJson(url);
		drawTimeline(run);
		remember(label, run);
	}
	catch (error) {
		const summary = document.getElementById('race-summary');
		summary.className = 'summary error';
		summary.textContent = 'The race could not run: ' + error.message;
	}
	finally {
		setBusy(false);
		refreshSideTables();
	}
}

function oneTwoFive(value) {
	const mantissa = value / Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
	return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? value.toLocaleString() : '';
}

function drawComparison(comparison) {
	const keys = ['p50', 'p90', 'p99', 'p999'];
	const labels = ['p50', 'p90', 'p99', 'p99.9'];
	const data = {
		labels,
		datasets: [
			{ label: 'unhedged', data: keys.map((k) => comparison.unhedged.latencyMs[k]), backgroundColor: '#ef9a9a' },
			{ label: 'hedged', data: keys.map((k) => comparison.hedged.latencyMs[k]), backgroundColor: '#1565c0' }
		]
	};
	if (percentileChart) {
		percentileChart.data = data;
		percentileChart.update();
	}
	else {
		percentileChart = new Chart(document.getElementById('percentiles'), {
			type: 'bar',
			data,
			options: {
				maintainAspectRatio: false,
				scales: {
					// Labels only at 1, 2 and 5 times a power of ten: Chart.js would also label
					// the axis's top value, which can sit on top of the 1-2-5 label below it.
					y: {
						type: 'logarithmic',
						title: { display: true, text: 'latency, ms (log scale)' },
						ticks: { autoSkip: true, callback: oneTwoFive }
					},
					x: { ticks: { autoSkip: true, maxRotation: 0 } }
				}
			}
		});
	}
	const rows = document.querySelector('#compare-table tbody');
	rows.replaceChildren(...[comparison.unhedged, comparison.hedged].map((c) => {
		const row = element('tr');
		row.append(element('td', c.client));
		['p50', 'p90', 'p99', 'p999', 'max'].forEach((k) => row.append(element('td', ms(c.latencyMs[k]), 'number')));
		row.append(element('td', String(c.errors), 'number'), element('td', String(c.attempts), 'number'),
			element('td', (c.extraLoad * 100).toFixed(1) + ' %', 'number'));
		return row;
	}));
	const cut = comparison.unhedged.latencyMs.p99 / comparison.hedged.latencyMs.p99;
	const extra = (comparison.hedged.extraLoad * 100).toFixed(1) + ' % more calls';
	document.getElementById('compare-summary').textContent = comparison.requests + ' requests, ' + comparison.concurrency
		+ ' at a time, mirrors ' + comparison.mirrors.join(', ') + ': '
		+ (cut > 1 ? 'hedging made p99 ' + cut.toFixed(1) + '× shorter for ' + extra + '.'
			: 'hedging did not shorten p99 this time, for ' + extra
				+ ' (too few requests to catch the stalls, or a busy machine slowing every call past the step).');
	document.body.dataset.comparisonsDrawn = String(Number(document.body.dataset.comparisonsDrawn || 0) + 1);
}

async function runComparison(event) {
	event.preventDefault();
	const params = new URLSearchParams({
		requests: document.getElementById('requests').value,
		concurrency: document.getElementById('concurrency').value,
		order: document.getElementById('order').value
	});
	const summary = document.getElementById('compare-summary');
	summary.className = 'summary';
	summary.textContent = 'Running… (a few seconds)';
	setBusy(true);
	try {
		drawComparison(await getJson('/api/compare?' + params));
	}
	catch (error) {
		summary.className = 'summary error';
		summary.textContent = 'The comparison could not run: ' + error.message;
	}
	finally {
		setBusy(false);
		refreshSideTables();
	}
}

async function refreshMirrors() {
	const mirrors = await getJson('/api/mirrors');
	document.querySelector('#mirrors tbody').replaceChildren(...mirrors.map((m) => {
		const model = m.latencyMs + '–' + (m.latencyMs + m.jitterMs) + ' ms'
			+ (m.stallProbability > 0 ? ', ' + (m.stallProbability * 100) + ' % stall ' + m.stallMs + ' ms' : '')
			+ (m.errorProbability > 0 ? ', ' + (m.errorProbability * 100) + ' % 503' : '');
		const row = element('tr');
		row.append(element('td', m.name), element('td', model), element('td', String(m.counts.received), 'number'),
			element('td', String(m.counts.answered), 'number'), element('td', String(m.counts.errors), 'number'),
			element('td', String(m.counts.aborted), 'number'));
		return row;
	}));
}

// The starter's Micrometer meters, through actuator's metrics endpoint.
async function meter(name, tag) {
	try {
		const body = await getJson('/actuator/metrics/' + name + (tag ? '?tag=' + encodeURIComponent(tag) : ''));
		const count = body.measurements.find((m) => m.statistic === 'COUNT');
		return count ? count.value : null;
	}
	catch (error) {
		return null;
	}
}

async function refreshMeters() {
	const rows = [
		['races (race.duration count)', await meter('race.duration')],
		['attempts won', await meter('race.attempts', 'result:won')],
		['attempts failed', await meter('race.attempts', 'result:failed')],
		['attempts lost (cancelled losers)', await meter('race.attempts', 'result:lost')],
		['hedges (race.hedges)', await meter('race.hedges')]
	];
	// The starter's races endpoint: per configured race, which attempt won how often.
	try {
		const races = (await getJson('/actuator/races')).races;
		Object.entries(races).forEach(([name, race]) => {
			const wins = Object.entries(race.counts.winsByIndex || {})
				.map(([index, count]) => '#' + index + ': ' + count).join(', ');
			rows.push(['race "' + name + '" (step ' + race.settings.step + '): races, wins by attempt',
				race.counts.total + (wins ? ' (' + wins + ')' : '')]);
		});
	}
	catch (error) {
		// Not there: nothing to add.
	}
	document.querySelector('#meters tbody').replaceChildren(...rows.map(([label, value]) => {
		const row = element('tr');
		row.append(element('td', label), element('td', value === null ? '–' : String(value), 'number'));
		return row;
	}));
}

function refreshSideTables() {
	refreshMirrors().catch(() => {});
	refreshMeters().catch(() => {});
}

// The live view: the starter's /actuator/recentraces, polled every LIVE_INTERVAL_MS while
// the tab is visible, newest race first, each with its timeline. Every race the app runs
// shows up here, whoever started it: a button, the comparison, curl.
const live = {
	timer: null,
	inFlight: false,
	paused: false,
	polls: 0,
	steps: new Map(),
	cards: new Map()
};

function durationMs(text) {
	const match = /^(-?[\d.]+)\s*(ns|us|ms|s|m|h|d)?$/.exec(String(text || '').trim());
	if (!match) {
		return 0;
	}
	const scale = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
	return Number(match[1]) * scale[match[2] || 'ms'];
}

// The step of each race name, from /actuator/races (the step a race uses now).
async function refreshSteps() {
	try {
		const races = (await getJson('/actuator/races')).races;
		Object.values(races).forEach((race) => live.steps.set(race.settings.name, durationMs(race.currentStep || race.settings.step)));
	}
	catch (error) {
		// No races endpoint: the live timelines go without step markers.
	}
}

// One race from /actuator/recentraces, in the shape drawTimelineSvg takes.
function liveTimeline(race) {
	return {
		race: race.name,
		stepMs: live.steps.get(race.name) || 0,
		outcome: race.outcome,
		winnerIndex: race.winnerIndex,
		durationMs: race.durationMillis < 0 ? null : race.durationMillis,
		attempts: race.attempts.map((a) => ({
			index: a.index,
			target: a.argument === null ? '?' : a.argument,
			launchMs: a.launchedAtMillis,
			durationMs: a.durationMillis < 0 ? null : a.durationMillis,
			status: a.status,
			detail: a.failure || (a.status === 'LOST' && a.afterDecisionMillis > 0
				? 'ended ' + ms(a.afterDecisionMillis) + ' after the decision' : '')
		}))
	};
}

function liveHeading(race, timeline) {
	const winner = timeline.attempts.find((a) => a.index === timeline.winnerIndex);
	const time = new Date(race.started).toLocaleTimeString([], { hour12: false }) + '.'
		+ String(new Date(race.started).getMilliseconds()).padStart(3, '0');
	return race.name + ' · ' + time + ' · ' + race.outcome + ' in ' + ms(timeline.durationMs)
		+ (winner ? ' · won by #' + winner.index + ' (' + winner.target + ')' : '')
		+ ' · ' + timeline.attempts.length + ' attempt(s)';
}

function drawLive(byName) {
	const races = Object.values(byName).flat()
		.sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0))
		.slice(0, LIVE_SHOWN);
	const list = document.getElementById('live-races');
	const shown = new Map();
	const cards = races.map((race) => {
		const key = race.name + '|' + race.started;
		const signature = JSON.stringify(race) + '|' + (live.steps.get(race.name) || 0);
		let card = live.cards.get(key);
		if (!card) {
			card = element('li', null, 'live-race fresh');
			card.dataset.raceKey = key;
			card.dataset.raceName = race.name;
			card.append(element('p', null, 'live-heading'), element('div', null, 'timeline live-timeline'));
			card.addEventListener('animationend', () => card.classList.remove('fresh'));
		}
		shown.set(key, card);
		if (card.$signature !== signature) {
			card.$signature = signature;
			const timeline = liveTimeline(race);
			card.dataset.outcome = race.outcome;
			card.querySelector('.live-heading').textContent = liveHeading(race, timeline);
			card.$pending = timeline;
		}
		return card;
	});
	live.cards.forEach((card, key) => {
		if (!shown.has(key)) {
			timelineResizes.unobserve(card.querySelector('.timeline'));
		}
	});
	live.cards = shown;
	// Only touch the list when the order changed: moving a card would restart its animation.
	const same = list.children.length === cards.length && cards.every((card, i) => list.children[i] === card);
	if (!same) {
		list.replaceChildren(...cards);
	}
	// Drawn once in the document, so that the SVG can measure its labels.
	cards.forEach((card) => {
		if (card.$pending) {
			const box = card.querySelector('.timeline');
			drawTimelineSvg(box, card.$pending, true);
			timelineResizes.observe(box);
			card.$pending = null;
		}
	});
	document.getElementById('live-empty').hidden = cards.length > 0;
}

function setLiveState(state, text) {
	const status = document.getElementById('live-status');
	status.textContent = text;
	status.className = 'live-status live-' + state;
	document.body.dataset.liveState = state;
}

function scheduleLive(delay) {
	if (live.timer === null && !live.inFlight && !live.paused && !document.hidden) {
		live.timer = setTimeout(pollLive, delay);
	}
}

async function pollLive() {
	live.timer = null;
	if (live.paused || document.hidden) {
		return;
	}
	live.inFlight = true;
	document.body.dataset.liveInFlight = 'true';
	try {
		const recent = (await getJson('/actuator/recentraces')).races || {};
		if (Object.keys(recent).some((name) => !live.steps.has(name))) {
			await refreshSteps();
		}
		drawLive(recent);
		if (!live.paused && !document.hidden) {
			setLiveState('live', 'Live: polling /actuator/recentraces every ' + (LIVE_INTERVAL_MS / 1000) + ' s.');
		}
	}
	catch (error) {
		setLiveState('error', 'Could not read /actuator/recentraces (' + error.message + '); trying again.');
	}
	finally {
		live.inFlight = false;
		document.body.dataset.liveInFlight = 'false';
		live.polls++;
		document.body.dataset.livePolls = String(live.polls);
		scheduleLive(LIVE_INTERVAL_MS);
	}
}

function stopLive(state, text) {
	if (live.timer !== null) {
		clearTimeout(live.timer);
		live.timer = null;
	}
	setLiveState(state, text);
}

function resumeLive() {
	if (!live.paused && !document.hidden) {
		setLiveState('live', 'Live: polling /actuator/recentraces every ' + (LIVE_INTERVAL_MS / 1000) + ' s.');
		scheduleLive(0);
	}
}

document.addEventListener('visibilitychange', () => {
	if (document.hidden) {
		stopLive('hidden', 'Paused while this tab is hidden.');
	}
	else {
		resumeLive();
	}
});

document.getElementById('live-toggle').addEventListener('click', (event) => {
	live.paused = !live.paused;
	event.target.textContent = live.paused ? 'Resume' : 'Pause';
	event.target.setAttribute('aria-pressed', String(live.paused));
	if (live.paused) {
		stopLive('paused', 'Paused: the races below stay as they are.');
	}
	else {
		resumeLive();
	}
});

document.querySelectorAll('.legend').forEach(drawLegend);
document.getElementById('run-race').addEventListener('click', () => runRace('race', '/api/race'));
document.getElementById('run-stall').addEventListener('click', () => runRace('a stalls', '/api/race?stall=a'));
document.getElementById('run-fail').addEventListener('click', () => runRace('c first, 503', '/api/race?order=c,a,b&fail=c'));
document.getElementById('run-dns').addEventListener('click', () => runRace('dns', '/api/dns'));
document.getElementById('compare-form').addEventListener('submit', runComparison);
refreshSideTables();
refreshSteps().finally(() => resumeLive());
