;;; nianbao-mode.el --- Major mode for government information disclosure annual reports  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages
;; URL: see editors/emacs/README.md in the nianbao repository

;;; Commentary:

;; `nianbao-mode' edits *.nianbao files (政府信息公开工作年度报告): font-lock
;; for the front matter, headings, table row labels, numbers and comments;
;; `<!-- -->' comments for M-;; the section outline for imenu and
;; `outline-minor-mode'.  The checks, hovers, completion and quick fixes
;; come from the language server `nianbao lsp' through eglot:
;;
;;   (add-to-list 'load-path "/path/to/nianbao/editors/emacs")
;;   (require 'nianbao-mode)
;;   (add-hook 'nianbao-mode-hook #'eglot-ensure)

;;; Code:

(defgroup nianbao nil
  "Government information disclosure annual reports (政府信息公开工作年度报告)."
  :group 'languages
  :prefix "nianbao-")

(defcustom nianbao-server-command '("nianbao" "lsp")
  "The language server and its arguments.
Use a full path when `nianbao' is not on the variable `exec-path'."
  :type '(repeat string))

(defcustom nianbao-server-settings nil
  "Server settings sent as initializationOptions, as a plist.
For example (:rules (:NB402 \"off\") :inlayHints t).  A nianbao.toml
next to the report wins over them."
  :type 'sexp)

(defface nianbao-heading '((t :inherit font-lock-function-name-face :weight bold))
  "Face for the title and section headings (# and ##).")

(defface nianbao-caption '((t :inherit font-lock-type-face))
  "Face for sub-table captions (###) and table column headers.")

(defface nianbao-label '((t :inherit font-lock-variable-name-face))
  "Face for a table row's label (its first cell).")

(defface nianbao-number '((t :inherit font-lock-constant-face))
  "Face for numbers in table cells.")

(defface nianbao-delimiter '((t :inherit shadow))
  "Face for table pipes, delimiter rows, heading markers and `---'.")

;;; Font lock

(defconst nianbao--number-regexp "[-+]?[0-9０-９][0-9０-９,.]*"
  "A number in a table cell.
Full-width digits are highlighted too; the checker flags them.")

(defun nianbao--front-matter-end ()
  "End of the front matter (after its closing `---'), or nil."
  (save-excursion
    (goto-char (point-min))
    (when (looking-at "---[ \t]*$")
      (forward-line 1)
      (when (re-search-forward "^---[ \t]*$" nil t)
        (point)))))

(defun nianbao--match-front-matter-entry (limit)
  "Find the next `key: value' line of the front matter before LIMIT."
  (let ((end (min limit (or (nianbao--front-matter-end) (point-min)))))
    (and (< (point) end)
         (re-search-forward "^\\([^:：\n#|<-][^:：\n]*\\)[:：][ \t]*\\(.*\\)$" end t))))

(defun nianbao--match-table-header (limit)
  "Find the next table header row (a row above a `| --- |' row) before LIMIT."
  (let (found)
    (while (and (not found) (re-search-forward "^|.*$" limit t))
      (when (save-excursion
              (save-match-data
                (forward-line 1)
                (looking-at "^[ \t]*|[ \t]*:?-+:?[ \t]*|")))
        (setq found t)))
    found))

(defun nianbao--match-number (limit)
  "Find the next table cell holding only a number, before LIMIT."
  (let (found)
    (while (and (not found) (re-search-forward nianbao--number-regexp limit t))
      (let ((beg (match-beginning 0))
            (end (match-end 0)))
        (when (and (save-excursion
                     (goto-char beg)
                     (skip-chars-backward " \t")
                     (eq (char-before) ?|))
                   (save-excursion
                     (goto-char end)
                     (skip-chars-forward " \t")
                     (eq (char-after) ?|))
                   (save-excursion
                     (goto-char beg)
                     (beginning-of-line)
                     (skip-chars-forward " \t")
                     (eq (char-after) ?|)))
          (setq found t))))
    found))

(defconst nianbao-font-lock-keywords
  `(;; Front matter
    ("\\`---[ \t]*$" 0 'nianbao-delimiter)
    (nianbao--match-front-matter-entry
     (1 font-lock-keyword-face) (2 font-lock-string-face))
    ;; Headings: # title, ## section, ### 表二 caption
    ("^\\(###\\)[ \t]*\\(.*\\)$" (1 'nianbao-delimiter) (2 'nianbao-caption))
    ("^\\(##?\\)[ \t]*\\([^#\n].*\\)?$" (1 'nianbao-delimiter) (2 'nianbao-heading nil t))
    ;; Tables: column headers, delimiter rows, row labels, numbers, pipes
    (nianbao--match-table-header 0 'nianbao-caption)
    ("^[ \t]*|\\([ \t]*:?-+:?[ \t]*|\\)+[ \t]*$" 0 'nianbao-delimiter)
    ("^[ \t]*|[ \t]*\\([^|\n]*[^|\n \t]\\)[ \t]*|" 1 'nianbao-label)
    (nianbao--match-number 0 'nianbao-number t)
    ("|" 0 'nianbao-delimiter)
    ;; `<!-- nianbao-allow NB303: 理由 -->' silences a finding.
    ("<!--[ \t]*\\(nianbao-allow\\)[ \t]+\\([^:：\n]*\\)"
     (1 font-lock-preprocessor-face t) (2 font-lock-constant-face t)))
  "Highlighting for `nianbao-mode'.")

(defconst nianbao--syntax-propertize
  (syntax-propertize-rules
   ;; `<!--' and `-->' fence comments, so comments (multi-line too) are
   ;; fontified and moved over syntactically.
   ("\\(<\\)!--" (1 "!"))
   ("--\\(>\\)" (1 "!")))
  "Mark HTML comment delimiters as generic comment fences.")

;;; Mode

(defvar nianbao-mode-syntax-table
  (let ((st (make-syntax-table text-mode-syntax-table)))
    (modify-syntax-entry ?| "." st)
    st)
  "Syntax table for `nianbao-mode'.")

(defvar nianbao-mode-map
  (let ((map (make-sparse-keymap)))
    ;; text-mode binds C-M-i to ispell word completion; here it completes
    ;; from the language server (the skeleton, sections, row labels).
    (define-key map (kbd "C-M-i") #'completion-at-point)
    map)
  "Keymap for `nianbao-mode'.")

(defun nianbao--outline-level ()
  "Heading level: the number of `#'."
  (- (match-end 0) (match-beginning 0)))

;;;###autoload
(define-derived-mode nianbao-mode text-mode "年报"
  "Major mode for 政府信息公开工作年度报告 (.nianbao files).
Checks, hovers, completion and quick fixes come from `nianbao lsp'
through eglot: add `eglot-ensure' to `nianbao-mode-hook'."
  :syntax-table nianbao-mode-syntax-table
  (setq-local font-lock-defaults '(nianbao-font-lock-keywords nil nil))
  (setq-local syntax-propertize-function nianbao--syntax-propertize)
  (setq-local comment-start "<!-- ")
  (setq-local comment-end " -->")
  (setq-local comment-start-skip "<!--[ \t]*")
  (setq-local comment-end-skip "[ \t]*-->")
  (setq-local outline-regexp "#+")
  (setq-local outline-level #'nianbao--outline-level)
  (setq-local imenu-generic-expression
              '(("表二" "^###[ \t]+\\(.+\\)$" 1)
                (nil "^##[ \t]+\\(.+\\)$" 1)))
  ;; Long Chinese lines wrap on screen; the file keeps one line per paragraph.
  (setq-local truncate-lines nil)
  (setq-local word-wrap nil))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.nianbao\\'" . nianbao-mode))

;;; eglot

(defun nianbao-eglot-contact (&optional _interactive)
  "Return the eglot contact: `nianbao-server-command' and its settings."
  (append nianbao-server-command
          (when nianbao-server-settings
            (list :initializationOptions nianbao-server-settings))))

(defvar eglot-server-programs)

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(nianbao-mode . nianbao-eglot-contact)))

(provide 'nianbao-mode)
;;; nianbao-mode.el ends here
