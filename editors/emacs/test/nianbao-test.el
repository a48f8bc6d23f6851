;;; nianbao-test.el --- Batch test of nianbao-mode with eglot  -*- lexical-binding: t; -*-

;; Run by scripts/test-emacs.sh:
;;   NIANBAO_ROOT=... NIANBAO_BIN=... emacs --batch -l editors/emacs/test/nianbao-test.el
;; Opens the example report, starts the server the way eglot finds it
;; (`eglot-server-programs'), and compares flymake's diagnostics with
;; `nianbao check --format json'; checks the mode's font-lock faces.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'subr-x)

(defvar nianbao-test-root (or (getenv "NIANBAO_ROOT") (error "NIANBAO_ROOT is not set")))
(defvar nianbao-test-bin (or (getenv "NIANBAO_BIN") (error "NIANBAO_BIN is not set")))
(defvar nianbao-test-example (expand-file-name "examples/gongnong-2021.nianbao" nianbao-test-root))
(defvar nianbao-test-failures nil)

(add-to-list 'load-path (expand-file-name "editors/emacs" nianbao-test-root))
(require 'nianbao-mode)
(require 'eglot)
(require 'flymake)

(defun nianbao-test-log (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defmacro nianbao-test-step (name &rest body)
  "Run BODY as the check NAME; a signal or a failed check records it."
  (declare (indent 1))
  `(condition-case err
       (progn ,@body (nianbao-test-log "  ok    %s" ,name))
     (error
      (push ,name nianbao-test-failures)
      (nianbao-test-log "  FAIL  %s\n        %s" ,name (error-message-string err)))))

(defun nianbao-test-wait (pred seconds)
  "Let processes and timers run until PRED holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (sit-for 0.05))
    (funcall pred)))

(defun nianbao-test-cli-diagnostics ()
  "What `nianbao check --format json' says about the example."
  (with-temp-buffer
    (call-process nianbao-test-bin nil (list t nil) nil "check" "--format" "json" nianbao-test-example)
    (goto-char (point-min))
    (let ((json-object-type 'plist) (json-array-type 'list))
      (json-read))))

(defun nianbao-test-key (code severity line col end-line end-col)
  (format "%s %d:%d-%d:%d %s" code line col end-line end-col severity))

(defun nianbao-test-pos (pos)
  "1-based line and character column of POS, as the CLI counts them."
  (save-excursion
    (goto-char pos)
    (list (line-number-at-pos) (1+ (- pos (line-beginning-position))))))

(defun nianbao-test-face-at (prefix needle)
  "The face on NEEDLE in the first line starting with PREFIX."
  (save-excursion
    (goto-char (point-min))
    (unless (re-search-forward (concat "^" (regexp-quote prefix)) nil t)
      (error "No line starts with %s" prefix))
    (beginning-of-line)
    (search-forward needle (line-end-position))
    (get-text-property (match-beginning 0) 'face)))

(defun nianbao-test-expect-face (what prefix needle face)
  (let ((got (nianbao-test-face-at prefix needle)))
    (unless (if (listp got) (memq face got) (eq got face))
      (error "%s (%s): want %s, got %S" what needle face got))))

(defun nianbao-test-run ()
  (nianbao-test-log "emacs %s, %s" emacs-version (locate-library "eglot"))
  (find-file nianbao-test-example)

  (nianbao-test-step "*.nianbao opens in nianbao-mode"
    (unless (eq major-mode 'nianbao-mode)
      (error "major mode is %s" major-mode)))

  (nianbao-test-step "font-lock: headings, row labels, numbers, comments, front matter"
    (font-lock-ensure)
    (nianbao-test-expect-face "section heading" "## 一、" "总体情况" 'nianbao-heading)
    (nianbao-test-expect-face "caption" "### 第二十条" "第二十条" 'nianbao-caption)
    (nianbao-test-expect-face "column header" "| 申请人情况" "自然人" 'nianbao-caption)
    (nianbao-test-expect-face "row label" "| （一）予以公开" "予以公开" 'nianbao-label)
    (nianbao-test-expect-face "number" "| 行政许可" "1151" 'nianbao-number)
    (nianbao-test-expect-face "front-matter key" "年度" "年度" 'font-lock-keyword-face)
    (nianbao-test-expect-face "comment" "<!--" "本例" 'font-lock-comment-face)
    (let ((prose (nianbao-test-face-at "按照" "按照")))
      (when prose (error "prose is highlighted as %S" prose))))

  (nianbao-test-step "eglot-server-programs finds the server for nianbao-mode"
    (setq nianbao-server-command (list nianbao-test-bin "lsp"))
    (let ((contact (nth 3 (eglot--guess-contact))))
      (unless (equal (seq-take contact 2) (list nianbao-test-bin "lsp"))
        (error "contact is %S" contact))))

  (nianbao-test-step "eglot shows the diagnostics `nianbao check' prints"
    (let* ((cli (nianbao-test-cli-diagnostics))
           (severity '(("error" . eglot-error) ("warning" . eglot-warning) ("info" . eglot-note)))
           (want (sort (mapcar (lambda (d)
                                 (nianbao-test-key (plist-get d :code)
                                                   (cdr (assoc (plist-get d :severity) severity))
                                                   (plist-get d :line) (plist-get d :column)
                                                   (plist-get d :end_line) (plist-get d :end_column)))
                               cli)
                       #'string<)))
      (when (null want) (error "the CLI found nothing in the example"))
      (apply #'eglot (eglot--guess-contact))
      (nianbao-test-wait (lambda () (>= (length (flymake-diagnostics)) (length want))) 30)
      (let ((got (sort (mapcar
                        (lambda (d)
                          (let* ((spec (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))
                                 (code (plist-get spec :code))
                                 (message (plist-get spec :message)))
                            ;; The message shown is the server's, as the CLI prints it.
                            (unless (and message (string-search message (flymake-diagnostic-text d))
                                         (cl-some (lambda (c) (equal (plist-get c :message) message)) cli))
                              (error "%s: message %S is not the CLI's" code (flymake-diagnostic-text d)))
                            (apply #'nianbao-test-key code (flymake-diagnostic-type d)
                                   (append (nianbao-test-pos (flymake-diagnostic-beg d))
                                           (nianbao-test-pos (flymake-diagnostic-end d))))))
                        (flymake-diagnostics))
                       #'string<)))
        (unless (equal want got)
          (error "editor and CLI disagree\n          CLI:   %s\n          Emacs: %s"
                 (string-join want ", ") (string-join got ", ")))
        (nianbao-test-log "    %d diagnostics: %s" (length got) (string-join got ", ")))))

  (nianbao-test-step "nianbao-server-settings reach the server (NB402 off)"
    (ignore-errors (eglot-shutdown-all))
    (setq nianbao-server-settings '(:rules (:NB402 "off")))
    (let ((codes (lambda () (mapcar (lambda (d) (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :code))
                                    (flymake-diagnostics))))
          (want (seq-remove (lambda (c) (equal c "NB402"))
                            (mapcar (lambda (d) (plist-get d :code)) (nianbao-test-cli-diagnostics)))))
      (unless (member "NB402" (mapcar (lambda (d) (plist-get d :code)) (nianbao-test-cli-diagnostics)))
        (error "the example has no NB402 to turn off"))
      (apply #'eglot (eglot--guess-contact))
      (nianbao-test-wait (lambda () (and (eglot-current-server)
                                         (>= (length (funcall codes)) (length want))))
                         30)
      (nianbao-test-wait (lambda () (not (member "NB402" (funcall codes)))) 15)
      (unless (equal (sort (funcall codes) #'string<) (sort (copy-sequence want) #'string<))
        (error "with NB402 off, want %S, got %S" want (funcall codes)))))

  (ignore-errors (eglot-shutdown-all))
  (if nianbao-test-failures
      (progn (nianbao-test-log "%d checks failed" (length nianbao-test-failures))
             (kill-emacs 1))
    (nianbao-test-log "all checks passed")
    (kill-emacs 0)))

(condition-case err
    (nianbao-test-run)
  (error (nianbao-test-log "test crashed: %s" (error-message-string err))
         (kill-emacs 2)))

;;; nianbao-test.el ends here
