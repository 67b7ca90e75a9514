/* LeNet Lab report: draws the charts from the embedded data, sorts tables, toggles the settings diff. */
(function () {
  'use strict';

  var PALETTE = ['#2f5fb3', '#d9480f', '#2b8a3e', '#ae3ec9', '#e8590c', '#1098ad', '#c2255c', '#5c940d',
    '#364fc7', '#a61e4d', '#087f5b', '#f08c00'];

  function colour(i) {
    return PALETTE[i % PALETTE.length];
  }

  function readData() {
    var element = document.getElementById('report-data');
    return element ? JSON.parse(element.textContent) : { charts: [] };
  }

  function lineConfig(spec) {
    return {
      type: 'line',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return {
            label: s.label, data: s.data, borderColor: colour(i), backgroundColor: colour(i),
            borderWidth: 2, pointRadius: spec.labels.length < 2 ? 5 : 3, tension: 0.15, spanGaps: true
          };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          title: { display: true, text: spec.title },
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } }
        },
        scales: {
          // a single epoch is one point: centre it instead of pinning it to the left edge
          x: { offset: spec.labels.length < 2, title: { display: !!spec.xLabel, text: spec.xLabel } },
          y: typeof spec.yMax === 'number' ? { max: spec.yMax } : {}
        }
      }
    };
  }

  function barConfig(spec) {
    return {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colour(i), borderColor: colour(i) };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        plugins: {
          title: { display: true, text: spec.title },
          legend: { position: 'bottom', labels: { boxWidth: 12 } }
        }
      }
    };
  }

  function drawCharts(data) {
    if (typeof Chart === 'undefined') {
      throw new Error('Chart.js did not load');
    }
    data.charts.forEach(function (spec) {
      var canvas = document.getElementById(spec.canvas);
      if (canvas) {
        new Chart(canvas, spec.kind === 'bar' ? barConfig(spec) : lineConfig(spec));
      }
    });
  }

  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) {
      return numeric ? NaN : '';
    }
    var raw = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
    return numeric ? (raw === '' ? NaN : parseFloat(raw)) : raw.toLowerCase();
  }

  function sortBy(table, header, column) {
    var numeric = header.getAttribute('data-sort') === 'number';
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, column, numeric);
      var y = cellValue(b, column, numeric);
      if (numeric) {
        if (isNaN(x) || isNaN(y)) {
          return isNaN(x) ? (isNaN(y) ? 0 : 1) : -1; // rows without a value go last either way
        }
        return ascending ? x - y : y - x;
      }
      return ascending ? x.localeCompare(y) : y.localeCompare(x);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      if (!header.hasAttribute('data-sort')) {
        return;
      }
      header.tabIndex = 0;
      header.title = 'Sort by this column';
      header.addEventListener('click', function () { sortBy(table, header, column); });
      header.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          sortBy(table, header, column);
        }
      });
    });
  }

  function wireDiffToggle() {
    var toggle = document.getElementById('diff-toggle');
    var section = document.getElementById('settings');
    if (!toggle || !section) {
      return;
    }
    var update = function () { section.classList.toggle('diff-only', toggle.checked); };
    toggle.addEventListener('change', update);
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), makeSortable);
  wireDiffToggle();
  drawCharts(readData());
  document.body.setAttribute('data-report-ready', 'true');
}());
